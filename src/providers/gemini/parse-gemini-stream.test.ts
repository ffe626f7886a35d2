import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { byteSplits } from '../shared/test-support/byte-splits.ts';
import { bytes } from '../shared/test-support/bytes.ts';
import { collect } from '../shared/test-support/collect.ts';
import { fixtureReader } from '../shared/test-support/fixture-reader.ts';
import { parseGeminiStream } from './parse-gemini-stream.ts';

const context = { requestModel: 'gemini-2.5-flash', warnings: [], providerId: 'gemini-test', apiKey: 'secret-key-123' };
const fixture = fixtureReader(new URL('./__fixtures__/', import.meta.url));

function parse(body: AsyncIterable<Uint8Array>): Promise<StreamPart[]> {
  return collect(parseGeminiStream(body, context));
}

describe('parseGeminiStream', () => {
  it('turns a text stream into stream-start, text deltas and a finish with the last usage', async () => {
    const parts = await parse(bytes(fixture('stream-generate-content.sse')));
    expect(parts).toEqual([
      { type: 'stream-start', id: 'aoBoaNXkM42tmtkPv8i6gAc', model: 'gemini-2.5-flash', warnings: [] },
      { type: 'text-delta', delta: 'The sky' },
      { type: 'text-delta', delta: ' looks blue because air scatters' },
      { type: 'text-delta', delta: ' blue light the most. ☀️' },
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'STOP' },
        usage: expect.objectContaining({ inputTokens: 11, outputTokens: 133, cachedInputTokens: 4, reasoningTokens: 118 }),
      },
    ]);
  });

  it('emits each function call as start, one whole-arguments delta and end, and finishes with tool-calls', async () => {
    const parts = await parse(bytes(fixture('stream-generate-content-function-call.sse')));
    expect(parts.slice(1)).toEqual([
      { type: 'text-delta', delta: 'Let me check both cities.' },
      { type: 'tool-input-start', index: 0, id: 'call_0_get_current_weather_uoBoaJ2xNPKsmtkP9rqJqAc', name: 'get_current_weather' },
      { type: 'tool-input-delta', index: 0, delta: '{"location":"Paris","unit":"celsius"}' },
      { type: 'tool-input-end', index: 0 },
      { type: 'tool-input-start', index: 1, id: 'call_1_get_current_weather_uoBoaJ2xNPKsmtkP9rqJqAc', name: 'get_current_weather' },
      { type: 'tool-input-delta', index: 1, delta: '{"location":"Berlin","unit":"celsius"}' },
      { type: 'tool-input-end', index: 1 },
      { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'STOP' }, usage: expect.objectContaining({ inputTokens: 58, outputTokens: 36 }) },
    ]);
  });

  it('gives no finish when the stream ends before a finish reason (truncated)', async () => {
    const text = fixture('stream-generate-content.sse');
    const cut = text.slice(0, text.lastIndexOf('data:'));
    const parts = await parse(bytes(cut));
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'text-delta', 'text-delta']);
  });

  it('turns a malformed chunk into an error part and stops', async () => {
    const parts = await parse(bytes('data: {"candidates": [{"content": {"parts": [{"text": "a"}]}}]}\r\n\r\n', 'data: {not json\r\n\r\n', 'data: {"candidates": []}\r\n\r\n'));
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'error']);
    const error = parts[2];
    expect(error?.type === 'error' && error.error.code).toBe('upstream_bad_response');
  });

  it('turns an error chunk into a catalogued error part without the API key', async () => {
    const errorChunk = JSON.stringify({ error: { code: 503, message: 'overloaded for key secret-key-123', status: 'UNAVAILABLE' } });
    const parts = await parse(bytes(`data: ${errorChunk}\r\n\r\n`));
    expect(parts).toHaveLength(1);
    const part = parts[0];
    if (part?.type !== 'error') throw new Error('expected an error part');
    expect(part.error.code).toBe('upstream_unavailable');
    expect(part.error.details).toMatchObject({ upstreamStatusName: 'UNAVAILABLE' });
    expect(part.error.message).not.toContain('secret-key-123');
  });

  it('turns a broken connection before the finish into an error part', async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode('data: {"candidates": [{"content": {"parts": [{"text": "a"}]}}]}\r\n\r\n');
      throw new Error('socket hang up');
    }
    const parts = await parse(broken());
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'error']);
  });

  it('gives the same parts however the bytes are split', async () => {
    const text = fixture('stream-generate-content-function-call.sse') + fixture('stream-generate-content.sse').replace(/aoBoaNXkM42tmtkPv8i6gAc/g, 'x');
    const expected = await parse(bytes(text));
    await fc.assert(
      fc.asyncProperty(byteSplits(text), async (chunks) => {
        expect(await parse(bytes(...chunks))).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });
});
