import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Usage } from '../../core/canonical/result.ts';
import type { Price } from '../../core/catalog/catalog-schema.ts';
import { costOf, costOfNanoUsd } from './cost-of.ts';

const gpt4o: Price = { input: 2.5, cachedInput: 1.25, output: 10 };
const claude: Price = { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 };

describe('costOfNanoUsd', () => {
  it.each<[string, Usage, Price, number]>([
    ['input and output', { inputTokens: 1_000_000, outputTokens: 1_000_000 }, gpt4o, 12_500_000_000],
    ['cached tokens at the cached price', { inputTokens: 1_000, cachedInputTokens: 600, outputTokens: 0 }, gpt4o, 400 * 2_500 + 600 * 1_250],
    ['cached tokens at the input price when no cached price', { inputTokens: 1_000, cachedInputTokens: 600, outputTokens: 0 }, { input: 2.5, output: 10 }, 2_500_000],
    ['cache writes at the cache-write price', { inputTokens: 1_000, cachedInputTokens: 200, cacheWriteTokens: 300, outputTokens: 10 }, claude, 500 * 3_000 + 200 * 300 + 300 * 3_750 + 10 * 15_000],
    ['cache writes at the input price when no cache-write price', { inputTokens: 100, cacheWriteTokens: 100, outputTokens: 0 }, gpt4o, 250_000],
    ['more cached than input counts no negative uncached part', { inputTokens: 10, cachedInputTokens: 20, outputTokens: 0 }, gpt4o, 20 * 1_250],
    ['nothing for free models', { inputTokens: 5_000, outputTokens: 5_000 }, { input: 0, output: 0 }, 0],
    ['garbage token figures count as zero', { inputTokens: Number.NaN, outputTokens: -5 }, gpt4o, 0],
  ])('%s', (_name, usage, price, expected) => {
    expect(costOfNanoUsd(usage, price)).toBe(expected);
  });

  it('is exact where floating point is not: 0.1 + 0.2 USD per million', () => {
    const cost = costOfNanoUsd({ inputTokens: 3_000_000, outputTokens: 3_000_000 }, { input: 0.1, output: 0.2 });
    expect(cost).toBe(900_000_000);
    expect(costOf({ inputTokens: 3_000_000, outputTokens: 3_000_000 }, { input: 0.1, output: 0.2 })).toBe(0.9);
  });

  it('keeps sub-nano prices exact until the one rounding (half up) per request', () => {
    // 0.0375 USD/M = 37.5 nUSD per token: one token rounds to 38, two tokens are exactly 75.
    expect(costOfNanoUsd({ inputTokens: 1, outputTokens: 0 }, { input: 0.0375, output: 0 })).toBe(38);
    expect(costOfNanoUsd({ inputTokens: 2, outputTokens: 0 }, { input: 0.0375, output: 0 })).toBe(75);
  });

  it('handles sizes whose pico-dollar product exceeds 2^53', () => {
    expect(costOfNanoUsd({ inputTokens: 1e9, outputTokens: 1e9 }, { input: 60, output: 120 })).toBe(180 * 1e9 * 1e3);
  });

  it('agrees with the floating-point formula to within one nano-dollar, and splitting a request changes at most the rounding', () => {
    const price = fc.integer({ min: 0, max: 100_000_000 }).map((micro) => micro / 1_000_000);
    const count = fc.integer({ min: 0, max: 5_000_000 });
    fc.assert(
      fc.property(price, price, count, count, count, (input, output, inputTokens, outputTokens, more) => {
        const usage = { inputTokens, outputTokens };
        const cost = costOfNanoUsd(usage, { input, output });
        expect(Number.isInteger(cost)).toBe(true);
        const float = ((inputTokens * input + outputTokens * output) / 1e6) * 1e9;
        expect(Math.abs(cost - float)).toBeLessThanOrEqual(1 + float * 1e-12);
        const whole = costOfNanoUsd({ inputTokens: inputTokens + more, outputTokens }, { input, output });
        const parts = cost + costOfNanoUsd({ inputTokens: more, outputTokens: 0 }, { input, output });
        expect(Math.abs(whole - parts)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
