import { compressRequest, elideOldToolResults } from '../../core/compression/index.ts';
import { placeAnthropicCacheBreakpoints, stabilizePrefix } from '../../core/prompt-cache/index.ts';
import type { Stage } from '../pipeline/stage.ts';
import type { Routed } from '../pipeline/context.ts';

export interface CompressOptions {
  /** Lossless: stable tool order, JSON minification of tool results and arguments, whitespace in system text. */
  lossless: boolean;
  /** Lossy, opt-in: old tool results beyond this many tokens are elided (marked as such); 0 = off. */
  elideToolResultsBudget: number;
}

/**
 * Makes the request cheaper without changing what the model is told: the lossless rewrites are deterministic,
 * so the prefix a provider caches stays byte-stable from turn to turn. A rewritten request leaves the
 * pass-through path (the client's raw body would undo it).
 */
export function compress(options: CompressOptions): Stage {
  return function compressStage(context, next) {
    const original = context.request;
    if (original && context.endpoint === 'chat') {
      let request = original;
      let savedTokens = 0;
      if (options.lossless) {
        const compressed = compressRequest(stabilizePrefix(request));
        request = compressed.request;
        // Four characters a token: the ledger's estimate of what compression saved.
        savedTokens += (compressed.stats.charactersBefore - compressed.stats.charactersAfter) / 4;
      }
      if (options.elideToolResultsBudget > 0) {
        const elided = elideOldToolResults(request, { budgetTokens: options.elideToolResultsBudget });
        request = elided.request;
        savedTokens += elided.elidedTokens;
      }
      if (savedTokens > 0) context.compressionSavedTokens = savedTokens;
      if (request !== original) {
        context.request = request;
        context.passthrough = false;
      }
    }
    return next();
  };
}

/**
 * Places Anthropic `cache_control` breakpoints on the stable prefix (system and tools, older history; at most 4)
 * when the preferred candidate is an Anthropic provider, unless the client placed its own. Other adapters ignore
 * them. Runs after route (it needs the candidates).
 */
export function promptCacheBreakpoints(options: { ttl: '5m' | '1h' }): Stage<Routed> {
  return function promptCacheStage(context, next) {
    const request = context.request;
    const first = context.decision.candidates[0];
    if (request && first?.adapter.adapter === 'anthropic') {
      const placement = placeAnthropicCacheBreakpoints(request, { ttl: options.ttl });
      if (placement.placed.length > 0) {
        context.request = placement.request;
        context.passthrough = false;
      }
    }
    return next();
  };
}
