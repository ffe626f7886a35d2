/**
 * Canonical usage as Anthropic usage: the inverse of `fromAnthropicUsage`. `input_tokens` excludes the tokens
 * read from or written to the prompt cache, which get their own fields (0 when unknown, as the API sends).
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
 */
export function toAnthropicUsage(usage) {
    const cacheRead = usage.cachedInputTokens ?? 0;
    const cacheWrite = usage.cacheWriteTokens ?? 0;
    return {
        input_tokens: Math.max(0, (usage.inputTokens ?? 0) - cacheRead - cacheWrite),
        output_tokens: usage.outputTokens ?? 0,
        cache_creation_input_tokens: cacheWrite,
        cache_read_input_tokens: cacheRead,
    };
}
//# sourceMappingURL=to-anthropic-usage.js.map