import type { Price } from '../../src/core/catalog/catalog-schema.ts';

/** A simulated provider priced like a real one. */
export interface PricedProvider {
  id: 'openai' | 'anthropic';
  /** The wire protocol the simulator answers in. */
  dialect: 'openai' | 'anthropic';
  model: string;
  /** USD per million tokens. */
  price: Price;
  /** Where the prices come from, and when they were read. */
  priceSource: string;
}

/**
 * The two providers the cost bench replays against. OpenAI bills cache writes as ordinary input (no
 * `cacheWrite`); Anthropic bills 5-minute cache writes at 1.25x and reads at 0.1x of the base input price.
 */
export const pricedProviders: readonly PricedProvider[] = [
  {
    id: 'openai',
    dialect: 'openai',
    model: 'gpt-4o',
    price: { input: 2.5, cachedInput: 1.25, output: 10 },
    priceSource: 'gpt-4o: $2.50 input, $1.25 cached input, $10.00 output per 1M tokens; https://platform.openai.com/docs/pricing (read 2026-11-25; caching rules: https://developers.openai.com/api/docs/guides/prompt-caching)',
  },
  {
    id: 'anthropic',
    dialect: 'anthropic',
    model: 'claude-sonnet-4-5',
    price: { input: 3, cacheWrite: 3.75, cachedInput: 0.3, output: 15 },
    priceSource: 'claude-sonnet-4-5: $3 input, $3.75 5-minute cache write, $0.30 cache read, $15 output per 1M tokens; https://platform.claude.com/docs/en/docs/about-claude/pricing (read 2026-11-25)',
  },
];
