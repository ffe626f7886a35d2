import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../core/canonical/stream-part.ts';
import { GatewayError } from '../core/errors/gateway-error.ts';
import type { StoredStreamPart } from './cached-answer.ts';
import { recordStream } from './record-stream.ts';

const start: StreamPart = { type: 'stream-start', warnings: [] };
const delta = (text: string): StreamPart => ({ type: 'text-delta', delta: text });
const finish: StreamPart = { type: 'finish', finishReason: { unified: 'stop' }, usage: { inputTokens: 1, outputTokens: 2 } };

async function* source(parts: StreamPart[], failAfter?: number): AsyncGenerator<StreamPart> {
  for (const [index, part] of parts.entries()) {
    if (index === failAfter) throw new Error('connection reset');
    yield part;
  }
}

async function drain(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('recordStream', () => {
  it('passes every part through and reports them once the stream finished cleanly', async () => {
    const recorded: StoredStreamPart[][] = [];
    const parts = [start, delta('Hel'), delta('lo'), finish];
    expect(await drain(recordStream(source(parts), { maxBytes: 1_000, onComplete: (kept) => recorded.push(kept) }))).toEqual(parts);
    expect(recorded).toEqual([parts]);
  });

  it.each<[string, StreamPart[]]>([
    ['ends without finish', [start, delta('Hel')]],
    ['has an error part', [start, delta('Hel'), { type: 'error', error: new GatewayError('upstream_error') }, finish]],
    ['exceeds the size limit', [start, delta('x'.repeat(2_000)), finish]],
  ])('reports nothing when the stream %s', async (_name, parts) => {
    const recorded: unknown[] = [];
    expect(await drain(recordStream(source(parts), { maxBytes: 1_000, onComplete: (kept) => recorded.push(kept) }))).toEqual(parts);
    expect(recorded).toEqual([]);
  });

  it('reports nothing when the source throws or the consumer stops early', async () => {
    const recorded: unknown[] = [];
    const onComplete = (kept: unknown) => recorded.push(kept);
    await expect(drain(recordStream(source([start, delta('a'), finish], 2), { maxBytes: 1_000, onComplete }))).rejects.toThrow('connection reset');
    let returned = false;
    const inner = source([start, delta('a'), delta('b'), finish]);
    const tracked: AsyncIterable<StreamPart> = {
      [Symbol.asyncIterator]: () => ({
        next: () => inner.next(),
        return: async () => {
          returned = true;
          return inner.return(undefined);
        },
      }),
    };
    for await (const part of recordStream(tracked, { maxBytes: 1_000, onComplete })) if (part.type === 'text-delta') break;
    expect(returned).toBe(true);
    expect(recorded).toEqual([]);
  });
});
