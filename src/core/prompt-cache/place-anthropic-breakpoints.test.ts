import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message, TextPart } from '../canonical/message.ts';
import type { ChatRequest } from '../canonical/request.ts';
import { countCacheBreakpoints, placeAnthropicCacheBreakpoints } from './place-anthropic-breakpoints.ts';

const ephemeral = { anthropic: { cache_control: { type: 'ephemeral' } } };
const text = (value: string): TextPart => ({ type: 'text', text: value });

/** An agent turn sequence: system, user, (assistant tool call, tool result)*, assistant text, user. */
const agentRequest: ChatRequest = {
  model: 'claude-sonnet-4-5',
  stream: false,
  messages: [
    { role: 'system', content: [text('policy')] },
    { role: 'user', content: [text('book a flight')] },
    { role: 'assistant', content: [{ type: 'tool-call', id: 't1', name: 'search', arguments: '{}' }] },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', content: '[{"flight":"HAT001"}]' }] },
    { role: 'assistant', content: [{ type: 'tool-call', id: 't2', name: 'think', arguments: '{}' }] },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't2', content: '' }] },
  ],
};

/** Strips breakpoints and the string/array form of tool results: what the model reads. */
function readable(request: ChatRequest): unknown {
  return request.messages.map((message) => ({
    role: message.role,
    content: message.content.map((part) => {
      if (part.type === 'text') return part.text;
      if (part.type === 'tool-result') return typeof part.content === 'string' ? [part.content] : part.content.map((item) => (item.type === 'text' ? item.text : item));
      return part;
    }),
  }));
}

describe('placeAnthropicCacheBreakpoints', () => {
  it('marks the system prompt, the last turn and the previous turn', () => {
    const { request, placed } = placeAnthropicCacheBreakpoints(agentRequest);
    expect(placed).toEqual([
      { kind: 'system', messageIndex: 0 },
      // The last message is an empty tool result (it cannot carry a breakpoint): the tool result before it is used.
      { kind: 'last-turn', messageIndex: 3 },
      { kind: 'previous-turn', messageIndex: 1 },
    ]);
    expect(request.messages[0]?.content[0]).toEqual({ type: 'text', text: 'policy', providerOptions: ephemeral });
    expect(request.messages[1]?.content[0]).toEqual({ type: 'text', text: 'book a flight', providerOptions: ephemeral });
    expect(request.messages[3]?.content[0]).toEqual({ type: 'tool-result', toolCallId: 't1', content: [{ type: 'text', text: '[{"flight":"HAT001"}]', providerOptions: ephemeral }] });
    expect(countCacheBreakpoints(request)).toBe(3);
    expect(readable(request)).toEqual(readable(agentRequest));
    expect(agentRequest.messages[0]?.content[0]).toEqual(text('policy'));
  });

  it('keeps other provider options and can write one-hour entries', () => {
    const input: ChatRequest = { model: 'm', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', providerOptions: { anthropic: { citations: true }, other: { a: 1 } } }] }] };
    const { request } = placeAnthropicCacheBreakpoints(input, { ttl: '1h' });
    expect(request.messages[0]?.content[0]).toEqual({ type: 'text', text: 'hi', providerOptions: { anthropic: { citations: true, cache_control: { type: 'ephemeral', ttl: '1h' } }, other: { a: 1 } } });
  });

  it('leaves a request with client breakpoints alone', () => {
    const input: ChatRequest = { ...agentRequest, messages: [{ role: 'system', content: [{ type: 'text', text: 'p', providerOptions: ephemeral }] }, ...agentRequest.messages.slice(1)] };
    expect(placeAnthropicCacheBreakpoints(input).request).toBe(input);
    expect(placeAnthropicCacheBreakpoints(input, { respectClientBreakpoints: false }).placed.length).toBe(3);
  });

  it('honours a lower maximum in priority order', () => {
    expect(placeAnthropicCacheBreakpoints(agentRequest, { maxBreakpoints: 2 }).placed.map((placed) => placed.kind)).toEqual(['system', 'last-turn']);
  });

  it('places nothing when nothing can carry a breakpoint', () => {
    const input: ChatRequest = { model: 'm', stream: false, messages: [{ role: 'user', content: [{ type: 'image', url: 'https://example.com/a.png' }] }] };
    expect(placeAnthropicCacheBreakpoints(input)).toEqual({ request: input, placed: [] });
  });

  const part = fc.oneof(
    fc.string({ maxLength: 6 }).map((value): TextPart => text(value)),
    fc.constant({ type: 'image' as const, url: 'https://example.com/i.png' }),
  );
  const message: fc.Arbitrary<Message> = fc.oneof(
    fc.array(part.filter((item): item is TextPart => item.type === 'text'), { minLength: 1, maxLength: 2 }).map((content): Message => ({ role: 'system', content })),
    fc.array(part, { minLength: 1, maxLength: 3 }).map((content): Message => ({ role: 'user', content })),
    fc.string({ maxLength: 4 }).map((value): Message => ({ role: 'assistant', content: [text(value), { type: 'tool-call', id: 'c', name: 'n', arguments: '{}' }] })),
    fc.string({ maxLength: 6 }).map((value): Message => ({ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c', content: value }] })),
  );

  it('places at most the maximum, only on markable blocks, never changes what the model reads', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 12 }), fc.integer({ min: 0, max: 6 }), (messages, maxBreakpoints) => {
        const input: ChatRequest = { model: 'm', stream: false, messages };
        const { request, placed } = placeAnthropicCacheBreakpoints(input, { maxBreakpoints });
        expect(placed.length).toBeLessThanOrEqual(Math.min(4, maxBreakpoints));
        expect(countCacheBreakpoints(request)).toBe(placed.length);
        expect(readable(request)).toEqual(readable(input));
        expect(new Set(placed.map((item) => item.messageIndex)).size).toBe(placed.length);
        const lastTurn = placed.find((item) => item.kind === 'last-turn');
        const previousTurn = placed.find((item) => item.kind === 'previous-turn');
        // The last-turn breakpoint sits at or after every other non-system breakpoint: the longest stable prefix.
        if (lastTurn && previousTurn) expect(previousTurn.messageIndex).toBeLessThan(lastTurn.messageIndex);
        for (const item of placed) expect(messages[item.messageIndex]?.role === 'system').toBe(item.kind === 'system');
      }),
    );
  });
});
