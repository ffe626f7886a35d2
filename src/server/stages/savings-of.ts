import type { Usage } from '../../core/canonical/result.ts';
import type { Savings } from '../../store/ledger-repository.ts';
import type { PipelineContext } from '../pipeline/context.ts';

const nanoPerUsd = 1e9;

/**
 * What the gateway saved on one request, by technique, in nano-USD. Estimates, each against what would otherwise
 * have been paid: a cache hit saves the first candidate's estimated cost; prompt-cache reads save the difference
 * between the input and cached-input prices; compression saves the input price of the tokens it removed; a cascade
 * whose cheap answer was accepted saves the strongest candidate's estimate less what was paid.
 */
export function savingsOf(context: PipelineContext, usage: Usage | undefined, costNanoUsd: number, cacheHit: boolean): Savings {
  const saved: Savings = { cache: 0, promptCache: 0, compression: 0, cascade: 0 };
  const decision = context.decision;
  if (cacheHit) {
    saved.cache = Math.round((decision?.candidates[0]?.estimatedCostUsd ?? 0) * nanoPerUsd);
    return saved;
  }
  const price = context.outcome?.candidate.model.price;
  if (!price || !usage) return saved;
  const cached = usage.cachedInputTokens ?? 0;
  if (cached > 0) saved.promptCache = Math.max(0, Math.round(cached * (price.input - (price.cachedInput ?? price.input)) * 1e3));
  if (context.compressionSavedTokens) saved.compression = Math.round(context.compressionSavedTokens * price.input * 1e3);
  if (decision?.strategy === 'cascade' && context.responseHeaders['x-sovereign-cascade'] === 'accepted') {
    let strongest = decision.candidates[0];
    for (const candidate of decision.candidates) {
      if ((candidate.model.quality.overall ?? 0) > (strongest?.model.quality.overall ?? 0)) strongest = candidate;
    }
    if (strongest) saved.cascade = Math.max(0, Math.round(strongest.estimatedCostUsd * nanoPerUsd - costNanoUsd));
  }
  return saved;
}
