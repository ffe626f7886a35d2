/**
 * Provider prompt caching: the documented rules of each provider's prefix cache, and pure rewrites of the
 * canonical request that make the most of it (Anthropic breakpoints, a byte-stable prefix for automatic caches).
 */
export {
  anthropicPromptCacheRules,
  cacheableTokens,
  geminiPromptCacheRules,
  openAIPromptCacheRules,
  promptCacheRulesFor,
  type PromptCacheRules,
} from './prompt-cache-rules.ts';
export {
  countCacheBreakpoints,
  placeAnthropicCacheBreakpoints,
  type AnthropicBreakpointOptions,
  type BreakpointKind,
  type BreakpointPlacement,
  type PlacedBreakpoint,
} from './place-anthropic-breakpoints.ts';
export { stabilizePrefix, type StablePrefixOptions } from './stabilize-prefix.ts';
