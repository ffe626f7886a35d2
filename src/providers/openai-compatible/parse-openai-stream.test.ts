import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { byteSplits } from '../shared/test-support/byte-splits.ts';
import { bytes } from '../shared/test-support/bytes.ts';
import { collect } from '../shared/test-support/collect.ts';
import { fixtureReader } from '../shared/test-support/fixture-reader.ts';
import { parseOpenAIStream } from './parse-openai-stream.ts';

const readFixture = fixtureReader(new URL('./__fixtures__/', import.meta.url));

function parse(chunks: Array<string | Uint8Array>): Promise<StreamPart[]> {
  return collect(parseOpenAIStream(bytes(...chunks), { providerId: 'p' }));
}

function chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
  return `data: ${JSON.stringify({ id: 'c1', model: 'm', choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
}

describe('parseOpenAIStream', () => {
  it('gives the same parts however the body is split', async () => {
    const text = readFixture('stream-parallel-tool-calls.sse');
    const expected = await parse([text]);
    expect(expected.at(-1)?.type).toBe('finish');
    await fc.assert(
      fc.asyncProperty(byteSplits(text), async (pieces) => {
        expect(await parse(pieces)).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });

  it('starts a new tool call when a new id arrives at an index in use (all calls at index 0)', async () => {
    const parts = await parse([
      chunk({ tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } }] }),
      chunk({ tool_calls: [{ index: 0, id: 'b', type: 'function', function: { name: 'g', arguments: '{"x":1}' } }] }),
      chunk({}, 'tool_calls'),
      'data: [DONE]\n\n',
    ]);
    expect(parts.slice(1, -1)).toEqual([
      { type: 'tool-input-start', index: 0, id: 'a', name: 'f' },
      { type: 'tool-input-delta', index: 0, delta: '{}' },
      { type: 'tool-input-end', index: 0 },
      { type: 'tool-input-start', index: 1, id: 'b', name: 'g' },
      { type: 'tool-input-delta', index: 1, delta: '{"x":1}' },
      { type: 'tool-input-end', index: 1 },
    ]);
  });

  it('gives a tool call without id or index a generated id and its position', async () => {
    const parts = await parse([chunk({ tool_calls: [{ function: { name: 'f', arguments: '{}' } }] }, 'tool_calls'), 'data: [DONE]\n\n']);
    expect(parts[1]).toEqual({ type: 'tool-input-start', index: 0, id: 'call_0', name: 'f' });
  });

  it('finishes with reason other at [DONE] without finish_reason', async () => {
    const parts = await parse([chunk({ content: 'x' }), 'data: [DONE]\n\n']);
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: { unified: 'other' }, usage: { inputTokens: 0, outputTokens: 0 } });
  });

  it('finishes when the body ends after finish_reason but before [DONE]', async () => {
    const parts = await parse([chunk({ content: 'x' }), chunk({}, 'length')]);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'length', raw: 'length' } });
  });

  it('ignores anything after [DONE]', async () => {
    const parts = await parse([chunk({ content: 'x' }, 'stop'), 'data: [DONE]\n\n', 'data: not json\n\n']);
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'finish']);
  });

  it('reads refusals as text and ignores other choices', async () => {
    const other = `data: ${JSON.stringify({ choices: [{ index: 1, delta: { content: 'second choice' } }] })}\n\n`;
    const parts = await parse([chunk({ refusal: 'I cannot help with that.' }), other, chunk({}, 'stop'), 'data: [DONE]\n\n']);
    expect(parts.filter((part) => part.type === 'text-delta')).toEqual([{ type: 'text-delta', delta: 'I cannot help with that.' }]);
  });

  it.each([
    ['a JSON array', 'data: [1,2]\n\n'],
    ['a JSON string', 'data: "x"\n\n'],
    ['text', 'data: hello\n\n'],
  ])('turns %s into an upstream_bad_response error part', async (_name, line) => {
    const parts = await parse([chunk({ content: 'x' }), line, chunk({}, 'stop')]);
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'error']);
    expect(parts.at(-1)).toMatchObject({ error: { code: 'upstream_bad_response' } });
  });
});
