/**
 * Provider prompt caching: the documented rules of each provider's prefix cache, and pure rewrites of the
 * canonical request that make the most of it (Anthropic breakpoints, a byte-stable prefix for automatic caches).
 */
export { anthropicPromptCacheRules, cacheableTokens, geminiPromptCacheRules, openAIPromptCacheRules, promptCacheRulesFor, } from "./prompt-cache-rules.js";
export { countCacheBreakpoints, placeAnthropicCacheBreakpoints, } from "./place-anthropic-breakpoints.js";
export { stabilizePrefix } from "./stabilize-prefix.js";
//# sourceMappingURL=index.js.map