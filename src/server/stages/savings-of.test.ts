import { describe, expect, it } from 'vitest';
import type { PipelineContext, RouteCandidate } from '../pipeline/context.ts';
import { savingsOf } from './savings-of.ts';

function candidate(price: { input: number; output: number; cachedInput?: number }, estimatedCostUsd: number, quality = 0.5): RouteCandidate {
  return { providerId: 'p', model: { name: 'm', price, quality: { overall: quality } }, estimatedCostUsd } as unknown as RouteCandidate;
}

function context(fields: Partial<PipelineContext>): PipelineContext {
  return { responseHeaders: {}, finalizers: [], ...fields } as unknown as PipelineContext;
}

const usage = { inputTokens: 1_000, outputTokens: 100 };

describe('savingsOf', () => {
  it('values a cache hit at the first candidate estimate, and nothing else', () => {
    const cheap = candidate({ input: 1, output: 2 }, 0.002);
    const saved = savingsOf(context({ decision: { candidates: [cheap] } as PipelineContext['decision'], compressionSavedTokens: 500 }), undefined, 0, true);
    expect(saved).toEqual({ cache: 2_000_000, promptCache: 0, compression: 0, cascade: 0 });
  });

  it('values prompt-cache reads at the price difference and compression at the input price', () => {
    const served = candidate({ input: 3, output: 15, cachedInput: 0.3 }, 0.01);
    const saved = savingsOf(
      context({ outcome: { kind: 'result', candidate: served } as PipelineContext['outcome'], compressionSavedTokens: 250 }),
      { ...usage, cachedInputTokens: 800 },
      5_000,
      false,
    );
    // 800 tokens x (3 - 0.3) USD per million = 0.00216 USD; 250 tokens x 3 USD per million = 0.00075 USD.
    expect(saved.promptCache).toBe(2_160_000);
    expect(saved.compression).toBe(750_000);
    expect(saved.cache).toBe(0);
  });

  it('values an accepted cascade at the strongest candidate estimate less what was paid, and an escalated one at nothing', () => {
    const cheap = candidate({ input: 0.1, output: 0.2 }, 0.0001, 0.5);
    const strong = candidate({ input: 10, output: 30 }, 0.05, 0.9);
    const decision = { strategy: 'cascade', candidates: [cheap, strong] } as unknown as PipelineContext['decision'];
    const outcome = { kind: 'result', candidate: cheap } as PipelineContext['outcome'];
    const accepted = savingsOf(context({ decision, outcome, responseHeaders: { 'x-sovereign-cascade': 'accepted' } }), usage, 120_000, false);
    expect(accepted.cascade).toBe(50_000_000 - 120_000);
    const escalated = savingsOf(context({ decision, outcome, responseHeaders: { 'x-sovereign-cascade': 'escalated:json' } }), usage, 120_000, false);
    expect(escalated.cascade).toBe(0);
  });
});
