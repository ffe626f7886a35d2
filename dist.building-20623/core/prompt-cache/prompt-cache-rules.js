const minute = 60_000;
/**
 * OpenAI automatic prompt caching: prompts of 1,024 tokens or more, hits in 128-token increments, entries
 * cleared after 5 to 10 minutes of inactivity (always within an hour of last use; we take the low end, 5 minutes).
 * Cache writes cost nothing extra; reads are discounted (gpt-4o: 50 %).
 * @see https://developers.openai.com/api/docs/guides/prompt-caching (retrieved 2026-11-25)
 * @see https://github.com/openai/openai-cookbook/blob/main/examples/Prompt_Caching_201.ipynb ("cache hits occurring in increments of 128 tokens")
 */
export const openAIPromptCacheRules = { mode: 'automatic', minimumTokens: 1024, incrementTokens: 128, ttlMs: 5 * minute };
/**
 * Anthropic prompt caching for a model. Only prefixes ending at a `cache_control` block are written; the prefix
 * runs in the order tools, system, messages; at most 4 breakpoints; each breakpoint also finds a hit at up to
 * 20 earlier block boundaries; 5-minute lifetime refreshed on every hit (`ttl: '1h'` for an hour). Minimum
 * cacheable prefix: 1,024 tokens for Sonnet 4.x / 3.7 and Opus 4 / 4.1, 2,048 for Haiku 3 / 3.5, 4,096 for
 * Opus 4.5 / 4.6 and Haiku 4.5. Writes cost 1.25x the base input price (2x for 1 h), reads 0.1x.
 * @see https://platform.claude.com/docs/en/build-with-claude/prompt-caching (retrieved 2026-11-25; minimums as quoted in anthropics/anthropic-sdk-python#1194)
 * @see https://platform.claude.com/docs/en/docs/about-claude/pricing
 */
export function anthropicPromptCacheRules(model) {
    return { mode: 'breakpoints', minimumTokens: anthropicMinimumTokens(model), incrementTokens: 1, ttlMs: 5 * minute, longTtlMs: 60 * minute, maxBreakpoints: 4, lookbackBlocks: 20 };
}
function anthropicMinimumTokens(model) {
    const name = model.toLowerCase();
    if (/haiku-4|opus-4[-.][56]/.test(name))
        return 4096;
    if (/haiku/.test(name))
        return 2048;
    return 1024;
}
/**
 * Gemini implicit caching (Gemini 2.5 and later): automatic, minimum 2,048 input tokens for Gemini 2.5 Flash and
 * Pro, 4,096 for Gemini 3 and later. Google documents no increment and no lifetime; we use 1 token and 5 minutes.
 * @see https://ai.google.dev/gemini-api/docs/caching (last updated 2026-10-13)
 */
export function geminiPromptCacheRules(model) {
    return { mode: 'automatic', minimumTokens: /gemini-2\.5/.test(model.toLowerCase()) ? 2048 : 4096, incrementTokens: 1, ttlMs: 5 * minute };
}
/** The documented prompt-cache rules for a dialect and model; `undefined` where the provider reports no caching (Ollama). */
export function promptCacheRulesFor(dialect, model) {
    switch (dialect) {
        case 'openai':
            return openAIPromptCacheRules;
        case 'anthropic':
            return anthropicPromptCacheRules(model);
        case 'gemini':
            return geminiPromptCacheRules(model);
        case 'ollama':
            return undefined;
    }
}
/** Cached tokens for a matched prefix under the rules: 0 below the minimum, else rounded down to the increment. */
export function cacheableTokens(matchedTokens, rules) {
    if (matchedTokens < rules.minimumTokens)
        return 0;
    const increment = Math.max(1, rules.incrementTokens);
    return rules.minimumTokens + Math.floor((matchedTokens - rules.minimumTokens) / increment) * increment;
}
//# sourceMappingURL=prompt-cache-rules.js.map