import { describe, expect, it } from 'vitest';
import { cacheableTokens, promptCacheRulesFor } from './prompt-cache-rules.ts';

describe('promptCacheRulesFor', () => {
  it.each([
    ['openai', 'gpt-4o', 1024, 128, 'automatic'],
    ['anthropic', 'claude-sonnet-4-5', 1024, 1, 'breakpoints'],
    ['anthropic', 'claude-3-5-haiku-latest', 2048, 1, 'breakpoints'],
    ['anthropic', 'claude-haiku-4-5', 4096, 1, 'breakpoints'],
    ['anthropic', 'claude-opus-4-5', 4096, 1, 'breakpoints'],
    ['anthropic', 'claude-opus-4-1', 1024, 1, 'breakpoints'],
    ['gemini', 'gemini-2.5-flash', 2048, 1, 'automatic'],
    ['gemini', 'gemini-3-pro-preview', 4096, 1, 'automatic'],
  ] as const)('%s %s: minimum %i, increment %i, %s', (dialect, model, minimumTokens, incrementTokens, mode) => {
    expect(promptCacheRulesFor(dialect, model)).toMatchObject({ minimumTokens, incrementTokens, mode });
  });

  it('has no rules for Ollama', () => {
    expect(promptCacheRulesFor('ollama', 'llama3')).toBeUndefined();
  });
});

describe('cacheableTokens', () => {
  const openai = promptCacheRulesFor('openai', 'gpt-4o')!;
  it.each([
    [0, 0],
    [1023, 0],
    [1024, 1024],
    [1151, 1024],
    [1152, 1152],
    [5000, 4992],
  ])('OpenAI: a %i-token match caches %i', (matched, cached) => {
    expect(cacheableTokens(matched, openai)).toBe(cached);
  });

  it('Anthropic: any length from the minimum', () => {
    const rules = promptCacheRulesFor('anthropic', 'claude-sonnet-4-5')!;
    expect([cacheableTokens(1023, rules), cacheableTokens(1025, rules)]).toEqual([0, 1025]);
  });
});
