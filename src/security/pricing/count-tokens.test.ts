import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/canonical/request.ts';
import { countOutputTokens, countTokens, imageTokensEstimate } from './count-tokens.ts';
import { inputTokensUpperBound } from './input-tokens-upper-bound.ts';
import { resolveUsage } from './resolve-usage.ts';

const request: ChatRequest = {
  model: 'gpt-4o',
  stream: false,
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'You are terse.' }] },
    { role: 'user', content: [{ type: 'text', text: 'Hello, world!' }, { type: 'image', url: 'https://example.com/a.png' }] },
  ],
};

describe('countTokens (o200k_base)', () => {
  it.each([
    ['', 0],
    ['Hello, world!', 4],
    ['You are terse.', 4],
  ])('counts %j as %i tokens', (text, expected) => {
    expect(countTokens(text)).toBe(expected);
  });

  it('counts special-token look-alikes as ordinary text instead of throwing', () => {
    expect(countTokens('<|endoftext|>')).toBeGreaterThan(1);
  });

  it('counts a chat request: text, images, and per-message framing', () => {
    expect(countTokens(request)).toBe(3 + (3 + 4) + (3 + 4 + imageTokensEstimate));
  });

  it('counts tool calls, tool results, tool definitions and a response schema, and the byte bound stays above', () => {
    const tools = [{ name: 'get_weather', inputSchema: { type: 'object' } }];
    const schema = { type: 'object', properties: { city: { type: 'string' } } };
    const withTools: ChatRequest = {
      model: 'gpt-4o',
      stream: false,
      tools,
      responseFormat: { type: 'json-schema', name: 'answer', schema },
      messages: [
        { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: 'Sunny, 21 C' }] }] },
      ],
    };
    const expected =
      3 + 3 + countTokens('get_weather') + countTokens('{"city":"Paris"}') + 3 + countTokens('Sunny, 21 C') + countTokens(JSON.stringify(tools)) + countTokens(JSON.stringify(schema));
    expect(countTokens(withTools)).toBe(expected);
    expect(inputTokensUpperBound(withTools)).toBeGreaterThanOrEqual(expected);
  });

  it('counts tool calls of an answer', () => {
    expect(countOutputTokens([{ type: 'text', text: 'Hello, world!' }, { type: 'tool-call', id: 'c1', name: 'get', arguments: '{}' }])).toBe(
      4 + countTokens('get') + countTokens('{}'),
    );
  });
});

describe('resolveUsage', () => {
  it("keeps the provider's figures", () => {
    const reported = { inputTokens: 11, outputTokens: 2, cachedInputTokens: 5 };
    expect(resolveUsage(request, 'Hello, world!', reported)).toEqual({ usage: reported, counted: false });
  });

  it('counts with the tokenizer when the provider reports no usage', () => {
    expect(resolveUsage(request, 'Hello, world!', undefined)).toEqual({
      usage: { inputTokens: countTokens(request), outputTokens: 4 },
      counted: true,
    });
  });

  it('counts only the missing figure, and believes zero output for an empty answer', () => {
    expect(resolveUsage(request, 'Hello, world!', { inputTokens: 50, outputTokens: 0 }).usage).toEqual({ inputTokens: 50, outputTokens: 4 });
    expect(resolveUsage(request, [], { inputTokens: 50, outputTokens: 0 })).toEqual({ usage: { inputTokens: 50, outputTokens: 0 }, counted: false });
  });
});
