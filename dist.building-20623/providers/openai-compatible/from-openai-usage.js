import { emptyUsage } from "../../core/canonical/result.js";
/**
 * Maps OpenAI's usage object to canonical usage. `prompt_tokens` already includes the cached tokens, as the
 * canonical `inputTokens` does. Missing figures (some compatible servers send none) count as 0.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 */
export function fromOpenAIUsage(usage) {
    if (usage === null || usage === undefined || typeof usage !== 'object')
        return emptyUsage();
    const result = {
        inputTokens: count(usage.prompt_tokens),
        outputTokens: count(usage.completion_tokens),
        raw: usage,
    };
    const cached = usage.prompt_tokens_details?.cached_tokens;
    if (typeof cached === 'number')
        result.cachedInputTokens = count(cached);
    const reasoning = usage.completion_tokens_details?.reasoning_tokens;
    if (typeof reasoning === 'number')
        result.reasoningTokens = count(reasoning);
    return result;
}
function count(value) {
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
//# sourceMappingURL=from-openai-usage.js.map