/**
 * Canonical usage as OpenAI's usage object. `prompt_tokens` includes cached tokens (`cached_tokens` names the
 * part read from the cache); reasoning tokens are part of `completion_tokens`, as OpenAI counts them.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 */
export function toOpenAIUsage(usage) {
    const result = {
        prompt_tokens: usage.inputTokens,
        completion_tokens: usage.outputTokens,
        total_tokens: usage.inputTokens + usage.outputTokens,
    };
    if (usage.cachedInputTokens !== undefined)
        result.prompt_tokens_details = { cached_tokens: usage.cachedInputTokens };
    if (usage.reasoningTokens !== undefined)
        result.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
    return result;
}
//# sourceMappingURL=to-openai-usage.js.map