import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/canonical/request.ts';
import type { Price } from '../../core/catalog/catalog-schema.ts';
import { countTokens } from './count-tokens.ts';
import { inputTokensUpperBound } from './input-tokens-upper-bound.ts';
import { formatUsd, usdToNanoUsd } from './nano-usd.ts';
import { worstCase, worstCaseEmbedding } from './worst-case.ts';

function chat(text: string, maxOutputTokens?: number): ChatRequest {
  return {
    model: 'm',
    stream: false,
    messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    ...(maxOutputTokens === undefined ? {} : { maxOutputTokens }),
  };
}

const price: Price = { input: 1, output: 4 };

describe('worstCase', () => {
  it('reserves the input bound plus max output tokens', () => {
    const request = chat('x'.repeat(100), 50);
    const result = worstCase(request, price, 10_000);
    expect(result.inputTokens).toBe(inputTokensUpperBound(request));
    expect(result.outputTokens).toBe(50);
    expect(result.nanoUsd).toBe(result.inputTokens * 1_000 + 50 * 4_000);
    expect(result.usd).toBe(result.nanoUsd / 1e9);
  });

  it("falls back to the model's output cap, then to the context window", () => {
    expect(worstCase(chat('hi'), price, 10_000, { maxOutputTokens: 300 }).outputTokens).toBe(300);
    const unbounded = worstCase(chat('hi'), price, 10_000);
    expect(unbounded.outputTokens).toBe(10_000);
    expect(unbounded.tokens).toBe(10_000);
  });

  it('never exceeds the context window, filling it with the dearer kind of token', () => {
    const long = chat('x'.repeat(20_000), 8_000);
    expect(worstCase(long, { input: 1, output: 4 }, 10_000)).toMatchObject({ inputTokens: 2_000, outputTokens: 8_000, tokens: 10_000 });
    expect(worstCase(long, { input: 4, output: 1 }, 10_000)).toMatchObject({ inputTokens: 10_000, outputTokens: 0, tokens: 10_000 });
  });

  it('prices input at the cache-write price when that is dearer', () => {
    const result = worstCase(chat('x'.repeat(1_000), 0), { input: 3, cacheWrite: 3.75, output: 15 }, 100_000);
    expect(result.nanoUsd).toBe(result.inputTokens * 3_750);
  });

  it('bounds the tokenizer count from above for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const request = chat(text);
        expect(inputTokensUpperBound(request)).toBeGreaterThanOrEqual(countTokens(request));
      }),
      { numRuns: 200 },
    );
  });

  it('bounds embeddings by their bytes', () => {
    expect(worstCaseEmbedding(['abc', 'de'], { input: 0.02, output: 0 })).toMatchObject({ inputTokens: 7, nanoUsd: 140 });
  });
});

describe('nano-dollars', () => {
  it.each([
    [0.1, 100_000_000],
    [12.5, 12_500_000_000],
    [0.000000001, 1],
  ])('%d USD is %i nano-dollars', (usd, nano) => {
    expect(usdToNanoUsd(usd)).toBe(nano);
  });

  it.each([
    [0, '$0.00'],
    [1_500_000_000, '$1.50'],
    [123_400, '$0.000123'],
    [1, '$0.00'],
  ])('formats %i as %s', (nano, text) => {
    expect(formatUsd(nano)).toBe(text);
  });
});
