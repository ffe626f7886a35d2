const unifiedByRaw = {
    stop: 'stop',
    length: 'length',
    tool_calls: 'tool-calls',
    function_call: 'tool-calls',
    content_filter: 'content-filter',
    // Mistral: the context window, not max_tokens, ended the answer.
    model_length: 'length',
    error: 'error',
};
/**
 * Maps an OpenAI-style `finish_reason` to the unified reason, keeping the provider's value as `raw`.
 * Compatible servers add their own values (Mistral `model_length`, `error`); anything unknown is `other`.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 */
export function mapOpenAIFinishReason(raw) {
    if (raw === null || raw === undefined)
        return { unified: 'other' };
    return { unified: unifiedByRaw[raw] ?? 'other', raw };
}
const rawByUnified = {
    stop: 'stop',
    length: 'length',
    'tool-calls': 'tool_calls',
    'content-filter': 'content_filter',
    // OpenAI has no value for these; `stop` is what its clients handle everywhere.
    error: 'stop',
    other: 'stop',
};
/** The `finish_reason` an OpenAI client receives for a unified reason. */
export function toOpenAIFinishReason(reason) {
    return rawByUnified[reason.unified];
}
//# sourceMappingURL=map-openai-finish-reason.js.map