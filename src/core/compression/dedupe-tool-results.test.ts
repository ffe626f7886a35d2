import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../canonical/request.ts';
import { dedupeToolResults, duplicateMarker } from './dedupe-tool-results.ts';

const long = '{"reservation_id": "HATHAT", "flights": []}'.repeat(10);

const input: ChatRequest = {
  model: 'm',
  stream: false,
  messages: [
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'a', content: long }] },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'b', content: 'short' }] },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c', content: [{ type: 'text', text: long }] }] },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'd', content: 'short' }] },
  ],
};

describe('dedupeToolResults', () => {
  it('replaces later copies of a long result by a reference to the first and keeps short ones', () => {
    const { request, replacedResults, replacedCharacters } = dedupeToolResults(input);
    expect(request.messages[0]).toBe(input.messages[0]);
    expect(request.messages[2]?.content[0]).toMatchObject({ toolCallId: 'c', content: duplicateMarker('a') });
    expect(request.messages[3]).toBe(input.messages[3]);
    expect({ replacedResults, replacedCharacters }).toEqual({ replacedResults: 1, replacedCharacters: long.length });
  });

  it('returns the same request when nothing repeats', () => {
    const single: ChatRequest = { ...input, messages: input.messages.slice(0, 2) };
    expect(dedupeToolResults(single).request).toBe(single);
  });
});
