import { describe, expect, it } from 'vitest';
import { RequestRecorder } from './request-recorder.ts';
import type { ReceivedRequest } from './simulator-types.ts';

describe('RequestRecorder', () => {
  it('keeps a bounded history: the most recent requests and events, never all of them', () => {
    const recorder = new RequestRecorder();
    for (let index = 0; index < 25_000; index++) {
      const id = recorder.allocateId();
      recorder.record({ id, dialect: 'openai', method: 'POST', path: '/v1/chat/completions', query: {}, headers: {}, body: undefined } as ReceivedRequest);
    }
    expect(recorder.received.length).toBeGreaterThanOrEqual(5_000);
    expect(recorder.received.length).toBeLessThanOrEqual(10_000);
    expect(recorder.received.at(-1)?.id).toBe(25_000);
    expect(recorder.events.length).toBeLessThanOrEqual(10_000);
    expect(recorder.events.at(-1)).toMatchObject({ type: 'request', requestId: 25_000 });
  });
});
