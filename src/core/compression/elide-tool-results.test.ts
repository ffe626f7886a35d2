import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message } from '../canonical/message.ts';
import type { ChatRequest } from '../canonical/request.ts';
import { approximateTokens, elideOldToolResults, elisionMarker } from './elide-tool-results.ts';

/** A conversation with one tool call and result per turn; `sizes` are result lengths in characters. */
function conversation(sizes: number[]): ChatRequest {
  const messages: Message[] = [{ role: 'system', content: [{ type: 'text', text: 'policy' }] }, { role: 'user', content: [{ type: 'text', text: 'hi' }] }];
  sizes.forEach((size, index) => {
    messages.push({ role: 'assistant', content: [{ type: 'tool-call', id: `call_${index}`, name: 'lookup', arguments: '{}' }] });
    messages.push({ role: 'tool', content: [{ type: 'tool-result', toolCallId: `call_${index}`, content: String.fromCharCode(97 + (index % 26)).repeat(size) }] });
  });
  return { model: 'm', stream: false, messages };
}

const resultTexts = (request: ChatRequest): string[] =>
  request.messages.flatMap((message) => (message.role === 'tool' ? message.content.map((part) => part.content as string) : []));

describe('elideOldToolResults', () => {
  it('changes nothing within the budget', () => {
    const input = conversation([400, 400]);
    const result = elideOldToolResults(input, { budgetTokens: 200 });
    expect(result.request).toBe(input);
    expect(result.elidedResults).toBe(0);
  });

  it('replaces the oldest results with a marker until the rest fits, keeping the latest', () => {
    const input = conversation([400, 400, 400, 400]);
    const result = elideOldToolResults(input, { budgetTokens: 150, stepTokens: 50 });
    expect(resultTexts(result.request)).toEqual([elisionMarker(100), elisionMarker(100), elisionMarker(100), 'd'.repeat(400)]);
    expect(result).toMatchObject({ elidedResults: 3, elidedTokens: 300 });
  });

  it('keeps the latest tool message even when it alone is over the budget', () => {
    const result = elideOldToolResults(conversation([4000]), { budgetTokens: 10 });
    expect(resultTexts(result.request)).toEqual(['a'.repeat(4000)]);
  });

  it('never elides a result that is not longer than its marker', () => {
    const result = elideOldToolResults(conversation([8, 8, 8, 400]), { budgetTokens: 10, stepTokens: 1 });
    expect(resultTexts(result.request).slice(0, 3)).toEqual(['a'.repeat(8), 'b'.repeat(8), 'c'.repeat(8)]);
  });

  it('never lets the kept results exceed the budget, except the protected latest', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 50, max: 2000 }), (sizes, budget) => {
        const output = elideOldToolResults(conversation(sizes), { budgetTokens: budget });
        const kept = resultTexts(output.request)
          .slice(0, -1)
          .filter((text) => !text.startsWith('[elided'))
          .reduce((sum, text) => sum + approximateTokens(text), 0);
        const markerSlack = sizes.length * approximateTokens(elisionMarker(1));
        expect(kept).toBeLessThanOrEqual(budget + markerSlack);
      }),
    );
  });

  it('is monotone and moves its boundary in steps: what turn t elides, turn t+1 elides too', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1500 }), { minLength: 2, maxLength: 25 }), (sizes) => {
        const options = { budgetTokens: 600, stepTokens: 300 };
        let previous: string[] = [];
        let moves = 0;
        for (let turn = 1; turn <= sizes.length; turn++) {
          const texts = resultTexts(elideOldToolResults(conversation(sizes.slice(0, turn)), options).request);
          let moved = false;
          previous.forEach((text, index) => {
            if (text.startsWith('[elided')) expect(texts[index]).toBe(text);
            else if (texts[index] !== text) moved = true;
          });
          if (moved) moves++;
          previous = texts;
        }
        // The cut line only grows, by whole steps, and never passes the total: few boundary moves, not one per turn.
        const total = sizes.reduce((sum, size) => sum + Math.ceil(size / 4), 0);
        expect(moves).toBeLessThanOrEqual(Math.floor(total / options.stepTokens) + 1);
      }),
    );
  });
});
