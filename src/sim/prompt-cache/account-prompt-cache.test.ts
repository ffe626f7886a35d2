import { describe, expect, it } from 'vitest';
import { anthropicPromptCacheRules, openAIPromptCacheRules, type PromptCacheRules } from '../../core/prompt-cache/prompt-cache-rules.ts';
import { accountPromptCache, type PromptCacheAccount } from './account-prompt-cache.ts';
import { PrefixCacheStore } from './prefix-cache-store.ts';
import type { PromptBlock, PromptLayout } from './prompt-layout.ts';

const minute = 60_000;

/** Blocks named by letter, each `tokens` long; `marked` letters carry a breakpoint. */
function layout(names: string, tokens: number, marked = '', ttl: '5m' | '1h' = '5m'): PromptLayout {
  const blocks: PromptBlock[] = [...names].map((name) => ({ key: name, tokens, ...(marked.includes(name) ? { breakpoint: { ttl } } : {}) }));
  return { blocks, trailingTokens: 0 };
}

function run(rules: PromptCacheRules, store: PrefixCacheStore, prompt: PromptLayout, now: number): PromptCacheAccount {
  const result = accountPromptCache(prompt, rules, store, now);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('accountPromptCache, automatic (OpenAI rules)', () => {
  const rules = openAIPromptCacheRules;

  it('caches nothing below 1,024 tokens', () => {
    const store = new PrefixCacheStore();
    run(rules, store, layout('abc', 300), 0);
    expect(run(rules, store, layout('abc', 300), 1).readTokens).toBe(0);
  });

  it('reads the longest cached prefix, in 128-token increments from 1,024', () => {
    const store = new PrefixCacheStore();
    expect(run(rules, store, layout('abcde', 300), 0)).toEqual({ inputTokens: 1500, readTokens: 0, writeTokens: 0, writeTokens1h: 0 });
    // Same first five blocks (1,500 tokens) plus two more: 1,500 → 1,024 + 3 x 128 = 1,408.
    expect(run(rules, store, layout('abcdefg', 300), 1000)).toMatchObject({ inputTokens: 2100, readTokens: 1408 });
    // A prompt that differs in its second block shares only 300 tokens: below the minimum.
    expect(run(rules, store, layout('aXcdefg', 300), 2000).readTokens).toBe(0);
  });

  it('forgets a prefix after 5 idle minutes, and a hit restarts the clock', () => {
    const store = new PrefixCacheStore();
    run(rules, store, layout('abcd', 300), 0);
    expect(run(rules, store, layout('abcd', 300), 4 * minute).readTokens).toBe(1152);
    expect(run(rules, store, layout('abcd', 300), 8 * minute).readTokens).toBe(1152);
    expect(run(rules, store, layout('abcd', 300), 14 * minute).readTokens).toBe(0);
  });
});

describe('accountPromptCache, breakpoints (Anthropic rules)', () => {
  const rules = anthropicPromptCacheRules('claude-sonnet-4-5');

  it('caches nothing without a breakpoint, however often the prompt repeats', () => {
    const store = new PrefixCacheStore();
    run(rules, store, layout('abcd', 600), 0);
    expect(run(rules, store, layout('abcd', 600), 1)).toEqual({ inputTokens: 2400, readTokens: 0, writeTokens: 0, writeTokens1h: 0 });
  });

  it('writes the prefix up to a breakpoint, then reads it', () => {
    const store = new PrefixCacheStore();
    expect(run(rules, store, layout('abcd', 600, 'c'), 0)).toEqual({ inputTokens: 2400, readTokens: 0, writeTokens: 1800, writeTokens1h: 0 });
    expect(run(rules, store, layout('abcd', 600, 'c'), 1)).toEqual({ inputTokens: 2400, readTokens: 1800, writeTokens: 0, writeTokens1h: 0 });
  });

  it('writes nothing for a prefix below the minimum (1,024 for Sonnet 4.5, 4,096 for Haiku 4.5)', () => {
    expect(run(rules, new PrefixCacheStore(), layout('abcd', 300, 'c'), 0).writeTokens).toBe(0);
    expect(run(anthropicPromptCacheRules('claude-haiku-4-5'), new PrefixCacheStore(), layout('abcd', 600, 'd'), 0).writeTokens).toBe(0);
  });

  it('reads the previous turn and writes only what the new turn adds', () => {
    const store = new PrefixCacheStore();
    run(rules, store, layout('abcd', 600, 'ad'), 0);
    expect(run(rules, store, layout('abcdef', 600, 'af'), 1)).toEqual({ inputTokens: 3600, readTokens: 2400, writeTokens: 1200, writeTokens1h: 0 });
  });

  it('finds an earlier prefix at most 20 blocks before a breakpoint', () => {
    const names = 'abcdefghijklmnopqrstuvwxyzABCDEFGH';
    const within = new PrefixCacheStore();
    run(rules, within, layout(names.slice(0, 10), 200, 'j'), 0);
    expect(run(rules, within, layout(names.slice(0, 30), 200, names[29]), 1).readTokens).toBe(2000);
    const beyond = new PrefixCacheStore();
    run(rules, beyond, layout(names.slice(0, 10), 200, 'j'), 0);
    expect(run(rules, beyond, layout(names.slice(0, 31), 200, names[30]), 1).readTokens).toBe(0);
    // An explicit breakpoint on the old position finds it however far the new one is.
    const anchored = new PrefixCacheStore();
    run(rules, anchored, layout(names.slice(0, 10), 200, 'j'), 0);
    expect(run(rules, anchored, layout(names.slice(0, 34), 200, `j${names[33]}`), 1)).toMatchObject({ readTokens: 2000, writeTokens: 4800 });
  });

  it('expires a 5-minute entry after 5 idle minutes but keeps a 1-hour entry, billing its write separately', () => {
    const short = new PrefixCacheStore();
    run(rules, short, layout('abc', 600, 'c'), 0);
    expect(run(rules, short, layout('abc', 600, 'c'), 4 * minute).readTokens).toBe(1800);
    expect(run(rules, short, layout('abc', 600, 'c'), 10 * minute).readTokens).toBe(0);
    const long = new PrefixCacheStore();
    expect(run(rules, long, layout('abc', 600, 'c', '1h'), 0)).toMatchObject({ writeTokens: 1800, writeTokens1h: 1800 });
    expect(run(rules, long, layout('abc', 600, 'c', '1h'), 50 * minute).readTokens).toBe(1800);
  });

  it('refuses more than 4 breakpoints, as the API does', () => {
    const result = accountPromptCache(layout('abcde', 600, 'abcde'), rules, new PrefixCacheStore(), 0);
    expect(result).toEqual({ ok: false, message: 'A maximum of 4 blocks with cache_control may be provided. Found 5.' });
  });
});
