import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { byteSplits } from '../shared/test-support/byte-splits.ts';
import { bytes } from '../shared/test-support/bytes.ts';
import { collect } from '../shared/test-support/collect.ts';
import { fixtureReader } from '../shared/test-support/fixture-reader.ts';
import { parseOllamaStream } from './parse-ollama-stream.ts';

const context = { requestModel: 'llama3.2', warnings: [], providerId: 'ollama-test', apiKey: 'ollama-secret-key' };
const fixture = fixtureReader(new URL('./__fixtures__/', import.meta.url));

function parse(body: AsyncIterable<Uint8Array>): Promise<StreamPart[]> {
  return collect(parseOllamaStream(body, context));
}

describe('parseOllamaStream', () => {
  it('turns an NDJSON chat stream into stream-start, text deltas and a finish with the counters', async () => {
    expect(await parse(bytes(fixture('chat-stream.ndjson')))).toEqual([
      { type: 'stream-start', model: 'llama3.2', warnings: [] },
      { type: 'text-delta', delta: 'The' },
      { type: 'text-delta', delta: ' sky' },
      { type: 'text-delta', delta: ' is blue. ☀️' },
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: expect.objectContaining({ inputTokens: 26, outputTokens: 282 }) },
    ]);
  });

  it('emits a tool call as start, one whole-arguments delta and end, and finishes with tool-calls', async () => {
    const parts = await parse(bytes(fixture('chat-stream-tool-call.ndjson')));
    expect(parts.slice(1)).toEqual([
      { type: 'text-delta', delta: 'Checking.' },
      { type: 'tool-input-start', index: 0, id: 'call_0_get_current_weather_20250527225457641643', name: 'get_current_weather' },
      { type: 'tool-input-delta', index: 0, delta: '{"format":"celsius","location":"Toronto"}' },
      { type: 'tool-input-end', index: 0 },
      { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'stop' }, usage: expect.objectContaining({ inputTokens: 182, outputTokens: 41 }) },
    ]);
  });

  it('gives no finish when the stream ends without a done line (truncated)', async () => {
    const lines = fixture('chat-stream.ndjson').trim().split('\n');
    const parts = await parse(bytes(lines.slice(0, -1).join('\n') + '\n'));
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'text-delta', 'text-delta']);
  });

  it('turns a malformed line into an error part and ends the stream', async () => {
    const [first] = fixture('chat-stream.ndjson').split('\n');
    const parts = await parse(bytes(`${first}\n{"model":"llama3.2","mess\n`, fixture('chat-stream.ndjson')));
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'error']);
    const error = parts[2];
    expect(error?.type === 'error' && error.error.code).toBe('upstream_bad_response');
  });

  it('turns an error line mid-stream into an error part without the API key', async () => {
    const [first] = fixture('chat-stream.ndjson').split('\n');
    const parts = await parse(bytes(`${first}\n{"error":"runner crashed near ollama-secret-key"}\n`));
    const error = parts[2];
    if (error?.type !== 'error') throw new Error('expected an error part');
    expect(error.error.code).toBe('upstream_error');
    expect(error.error.message).toContain('runner crashed');
    expect(error.error.message).not.toContain('ollama-secret-key');
    expect(parts).toHaveLength(3);
  });

  it('turns a broken connection into an error part', async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode(fixture('chat-stream.ndjson').split('\n')[0] + '\n');
      throw new Error('socket hang up');
    }
    expect((await parse(broken())).map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'error']);
  });

  it('gives the same parts however the bytes are split', async () => {
    const text = fixture('chat-stream-tool-call.ndjson');
    const expected = await parse(bytes(text));
    expect(expected.at(-1)?.type).toBe('finish');
    await fc.assert(
      fc.asyncProperty(byteSplits(text), async (chunks) => {
        expect(await parse(bytes(...chunks))).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });
});
