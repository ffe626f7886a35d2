import { promptCacheRulesFor } from '../../core/prompt-cache/prompt-cache-rules.ts';
import { isRecord } from '../json-values.ts';
import type { Dialect } from '../simulator-types.ts';
import { accountPromptCache, type AccountResult } from './account-prompt-cache.ts';
import { anthropicPromptLayout } from './anthropic-prompt-layout.ts';
import { geminiPromptLayout } from './gemini-prompt-layout.ts';
import { openAIPromptLayout } from './openai-prompt-layout.ts';
import { PrefixCacheStore } from './prefix-cache-store.ts';
import type { PromptLayout } from './prompt-layout.ts';

export interface PromptCachingOptions {
  /** The clock for lifetimes (default `Date.now`); tests and replays inject their own. */
  now?: () => number;
}

const layouts: Partial<Record<Dialect, (body: Record<string, unknown>) => PromptLayout>> = {
  openai: openAIPromptLayout,
  anthropic: anthropicPromptLayout,
  gemini: geminiPromptLayout,
};

/**
 * The simulator's prompt caches: one prefix cache per dialect and model, each applying the provider's documented
 * rules ({@link promptCacheRulesFor}). Token counts are o200k on the rendered blocks for every dialect.
 */
export class SimulatedPromptCache {
  private readonly stores = new Map<string, PrefixCacheStore>();
  private readonly now: () => number;

  constructor(options: PromptCachingOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** Accounts one chat request; `undefined` when the dialect has no prompt cache (Ollama). */
  account(dialect: Dialect, body: unknown, model: string): AccountResult | undefined {
    const rules = promptCacheRulesFor(dialect, model);
    const layout = layouts[dialect];
    if (!rules || !layout || !isRecord(body)) return undefined;
    const key = `${dialect}\u0000${model}`;
    let store = this.stores.get(key);
    if (!store) {
      store = new PrefixCacheStore();
      this.stores.set(key, store);
    }
    return accountPromptCache(layout(body), rules, store, this.now());
  }

  clear(): void {
    this.stores.clear();
  }
}
