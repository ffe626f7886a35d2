/**
 * Whether a candidate can continue an answer another provider began. Only Anthropic Messages continues a final
 * assistant message ("prefill"); OpenAI Chat Completions, Gemini and Ollama start a new turn instead, so their
 * continuation would repeat or contradict what the client already has.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-engineering/prefill-claudes-response
 */
export function canContinue(candidate) {
    return candidate.adapter.adapter === 'anthropic';
}
/**
 * The request that asks a candidate to continue `text`, the answer so far: the client's messages plus an
 * assistant message with the text (merged into a final assistant message the client sent). The API refuses a
 * final assistant text that ends in whitespace, so that is trimmed off; `trimmed` says what, for the caller to
 * drop from the start of the continuation.
 */
export function continuationRequest(request, candidate, text) {
    const prefill = text.trimEnd();
    return {
        request: {
            ...request,
            model: candidate.upstreamModel,
            messages: [...request.messages, { role: 'assistant', content: [{ type: 'text', text: prefill }] }],
        },
        trimmed: text.slice(prefill.length),
    };
}
//# sourceMappingURL=continuation-request.js.map