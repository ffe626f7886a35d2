import type { ChatRequest } from '../../src/core/canonical/request.ts';
import { compressRequest, dedupeToolResults, elideOldToolResults } from '../../src/core/compression/index.ts';
import { placeAnthropicCacheBreakpoints, stabilizePrefix } from '../../src/core/prompt-cache/index.ts';
import { countTokens } from '../../src/security/pricing/count-tokens.ts';
import type { Technique } from './cost-replay.ts';
import type { PricedProvider } from './priced-providers.ts';

/** Tool-result tokens the lossy history window keeps (older results become markers), and its step. */
export const elisionBudgetTokens = 1000;
export const elisionStepTokens = 500;

/**
 * Every lossless rewrite in the order the gateway applies them (stable prefix, compression), then the optional
 * lossy ones on the compressed text, then breakpoints last, for a request routed to Anthropic.
 */
export function pipeline(lossy: ReadonlyArray<(request: ChatRequest) => ChatRequest> = []): (request: ChatRequest, provider: PricedProvider) => ChatRequest {
  return (request, provider) => {
    let rewritten = compressRequest(stabilizePrefix(request)).request;
    for (const rewrite of lossy) rewritten = rewrite(rewritten);
    return provider.dialect === 'anthropic' ? placeAnthropicCacheBreakpoints(rewritten).request : rewritten;
  };
}

export const allLossless = pipeline();

const elide = (request: ChatRequest): ChatRequest =>
  elideOldToolResults(request, { budgetTokens: elisionBudgetTokens, stepTokens: elisionStepTokens, countTokens: (text) => countTokens(text) }).request;
const dedupe = (request: ChatRequest): ChatRequest => dedupeToolResults(request).request;

/** The rows of the cost table. */
export const costTechniques: readonly Technique[] = [
  { name: 'baseline', group: 'baseline', description: 'direct: the requests as the client sent them, straight to the provider (its own automatic caching applies)' },
  { name: 'json-minify', group: 'lossless', description: 'insignificant whitespace removed from JSON tool results and tool-call arguments', rewrite: (request) => compressRequest(request, { whitespace: false }).request },
  { name: 'whitespace', group: 'lossless', description: 'trailing blanks and blank-line runs in system text and tool descriptions', rewrite: (request) => compressRequest(request, { json: false }).request },
  { name: 'stable-prefix', group: 'lossless', description: 'tools ordered by name', rewrite: (request) => stabilizePrefix(request) },
  { name: 'cache-breakpoints', group: 'lossless', description: 'Anthropic cache_control on system, last turn and previous turn', providers: ['anthropic'], rewrite: (request) => placeAnthropicCacheBreakpoints(request).request },
  { name: 'all-lossless', group: 'lossless', description: 'every lossless technique above together', rewrite: allLossless },
  { name: 'exact-cache', group: 'exact-cache', description: 'exact response cache only (bench-simulated, gateway cache key)', exactCache: true },
  { name: 'all-lossless+exact-cache', group: 'exact-cache', description: 'all lossless techniques behind an exact response cache', exactCache: true, rewrite: allLossless },
  { name: 'lossy:elide-old-tool-results', group: 'lossy', description: `tool results beyond ${elisionBudgetTokens} tokens (step ${elisionStepTokens}) elided to a marker`, rewrite: elide },
  { name: 'lossy:dedupe-tool-results', group: 'lossy', description: 'repeated tool results replaced by a reference to the first copy', rewrite: dedupe },
  { name: 'lossy:all', group: 'lossy', description: 'all lossless techniques plus both lossy ones', rewrite: pipeline([elide, dedupe]) },
];
