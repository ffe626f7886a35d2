import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SseDecoder } from './sse-decoder.ts';

function decodeAll(chunks: string[]) {
  const decoder = new SseDecoder();
  const events = chunks.flatMap((chunk) => decoder.push(new TextEncoder().encode(chunk)));
  return [...events, ...decoder.end()];
}

describe('SseDecoder', () => {
  it.each([
    ['LF', 'event: a\ndata: 1\n\ndata: 2\n\n'],
    ['CRLF', 'event: a\r\ndata: 1\r\n\r\ndata: 2\r\n\r\n'],
    ['CR', 'event: a\rdata: 1\r\rdata: 2\r\r'],
  ])('decodes %s line endings', (_name, text) => {
    expect(decodeAll([text])).toEqual([{ event: 'a', data: '1' }, { data: '2' }]);
  });

  it('joins multi-line data, ignores comments and unknown fields', () => {
    expect(decodeAll([': ping\nretry: 5\ndata: a\ndata: b\nfoo: bar\n\n'])).toEqual([{ data: 'a\nb' }]);
  });

  it('discards an unterminated final event', () => {
    expect(decodeAll(['data: complete\n\ndata: cut'])).toEqual([{ data: 'complete' }]);
  });

  it('gives the same events however the bytes are split', () => {
    const text = 'event: message_start\r\ndata: {"a":"é€😀"}\r\n\r\ndata: [DONE]\n\n';
    const bytes = new TextEncoder().encode(text);
    const expected = decodeAll([text]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), (cuts) => {
        const sorted = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const decoder = new SseDecoder();
        const events = [];
        for (let index = 0; index < sorted.length - 1; index++) {
          events.push(...decoder.push(bytes.slice(sorted[index], sorted[index + 1])));
        }
        events.push(...decoder.end());
        expect(events).toEqual(expected);
      }),
    );
  });
});
