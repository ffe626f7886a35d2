function count(value) {
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
/**
 * Anthropic usage to canonical usage. Anthropic's `input_tokens` leaves out the tokens read from and written to
 * the prompt cache; canonical `inputTokens` is the whole input, so the three are added up.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
 */
export function fromAnthropicUsage(usage) {
    const cacheRead = count(usage?.cache_read_input_tokens);
    const cacheWrite = count(usage?.cache_creation_input_tokens);
    const result = {
        inputTokens: count(usage?.input_tokens) + cacheRead + cacheWrite,
        outputTokens: count(usage?.output_tokens),
    };
    if (cacheRead > 0)
        result.cachedInputTokens = cacheRead;
    if (cacheWrite > 0)
        result.cacheWriteTokens = cacheWrite;
    if (usage !== undefined)
        result.raw = usage;
    return result;
}
//# sourceMappingURL=from-anthropic-usage.js.map