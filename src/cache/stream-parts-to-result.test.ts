import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssistantContentPart } from '../core/canonical/message.ts';
import type { ChatResult } from '../core/canonical/result.ts';
import type { StoredStreamPart } from './cached-answer.ts';
import { resultToStreamParts } from './result-to-stream-parts.ts';
import { streamPartsToResult } from './stream-parts-to-result.ts';

const contentPart: fc.Arbitrary<AssistantContentPart> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 20 }).map((text) => ({ type: 'text' as const, text })),
  fc.record({ id: fc.string({ minLength: 1, maxLength: 8 }), name: fc.string({ minLength: 1, maxLength: 8 }), arguments: fc.string({ maxLength: 20 }) }).map((call) => ({ type: 'tool-call' as const, ...call })),
);
/** Content as a result holds it: no two text parts in a row (a stream cannot tell them apart). */
const content = fc.array(contentPart, { maxLength: 5 }).map((parts) =>
  parts.filter((part, index) => !(part.type === 'text' && parts[index - 1]?.type === 'text')),
);
const result: fc.Arbitrary<ChatResult> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 8 }),
  model: fc.constantFrom('m1', 'm2'),
  content,
  finishReason: fc.constantFrom({ unified: 'stop' as const, raw: 'stop' }, { unified: 'tool-calls' as const }),
  usage: fc.record({ inputTokens: fc.nat(1000), outputTokens: fc.nat(1000) }),
  warnings: fc.constant([]),
});

describe('stream parts and results', () => {
  it('a result survives the trip to stream parts and back', () => {
    fc.assert(
      fc.property(result, (original) => {
        expect(streamPartsToResult(resultToStreamParts(original), 'fallback')).toEqual(original);
      }),
    );
  });

  it('joins text deltas and assembles tool calls from interleaved deltas; merges early usage', () => {
    const parts: StoredStreamPart[] = [
      { type: 'stream-start', model: 'm', warnings: [] },
      { type: 'usage', usage: { inputTokens: 12, cachedInputTokens: 4 } },
      { type: 'text-delta', delta: 'Let me ' },
      { type: 'text-delta', delta: 'check.' },
      { type: 'tool-input-start', index: 0, id: 'call_a', name: 'weather' },
      { type: 'tool-input-start', index: 1, id: 'call_b', name: 'time' },
      { type: 'tool-input-delta', index: 0, delta: '{"city":' },
      { type: 'tool-input-delta', index: 1, delta: '{}' },
      { type: 'tool-input-delta', index: 0, delta: '"Oslo"}' },
      { type: 'tool-input-end', index: 0 },
      { type: 'tool-input-end', index: 1 },
      { type: 'finish', finishReason: { unified: 'tool-calls' }, usage: { inputTokens: 12, outputTokens: 9 } },
    ];
    expect(streamPartsToResult(parts, 'fallback')).toEqual({
      model: 'm',
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool-call', id: 'call_a', name: 'weather', arguments: '{"city":"Oslo"}' },
        { type: 'tool-call', id: 'call_b', name: 'time', arguments: '{}' },
      ],
      finishReason: { unified: 'tool-calls' },
      usage: { inputTokens: 12, cachedInputTokens: 4, outputTokens: 9 },
      warnings: [],
    });
  });
});
