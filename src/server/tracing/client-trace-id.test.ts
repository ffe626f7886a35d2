import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientTraceId } from './client-trace-id.ts';

describe('clientTraceId', () => {
  it('reads the trace id of a well-formed traceparent', () => {
    expect(clientTraceId('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it.each([
    null,
    '',
    '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
    '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
    '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
    'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    '00-anna.schmidt@example.de-00f067aa0ba902b7-01',
  ])('ignores %j', (header) => {
    expect(clientTraceId(header)).toBeUndefined();
  });

  it('returns either nothing or exactly 32 lower-case hex digits taken from the header, for any input', () => {
    fc.assert(
      fc.property(fc.string(), (header) => {
        const found = clientTraceId(header);
        return found === undefined || (/^[0-9a-f]{32}$/.test(found) && header.includes(found));
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{32}$/), fc.stringMatching(/^[0-9a-f]{16}$/), (traceId, spanId) => {
        const found = clientTraceId(`00-${traceId}-${spanId}-01`);
        return /^0+$/.test(traceId) || /^0+$/.test(spanId) ? found === undefined : found === traceId;
      }),
    );
  });
});
