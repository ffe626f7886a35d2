import { toResponsesOutput } from "./to-responses-output.js";
/** Canonical usage as the Responses usage object (input includes cached tokens; output includes reasoning tokens). */
export function toResponsesUsage(usage) {
    return {
        input_tokens: usage.inputTokens,
        input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
        output_tokens: usage.outputTokens,
        output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
        total_tokens: usage.inputTokens + usage.outputTokens,
    };
}
/** Why an answer is incomplete, if it is: the token limit, or a provider's safety stop. */
export function incompleteReason(finishReason) {
    if (finishReason.unified === 'length')
        return 'max_output_tokens';
    if (finishReason.unified === 'content-filter')
        return 'content_filter';
    return undefined;
}
/** The response object before any output: what `response.created` and `response.in_progress` carry. */
export function inProgressResponse(turn, model) {
    return responseObject(turn, model, { status: 'in_progress', output: [], usage: null });
}
/**
 * The response object of a finished answer: `completed`, or `incomplete` with the reason when the answer was cut.
 * A streamed answer ends with this object built from the items it streamed (see `encodeResponsesStream`).
 * @see https://platform.openai.com/docs/api-reference/responses/object
 */
export function finishedResponse(turn, model, answer, completedAt, 
/** The items a stream already sent, in place of those built from `answer.content`. */
output) {
    const reason = incompleteReason(answer.finishReason);
    return responseObject(turn, model, {
        status: reason ? 'incomplete' : 'completed',
        completed_at: reason ? null : completedAt,
        incomplete_details: reason ? { reason } : null,
        output: output ?? toResponsesOutput(turn.id, answer.content, turn.origins, reason !== undefined),
        usage: toResponsesUsage(answer.usage),
    });
}
/** The response object of an answer that failed after it started. */
export function failedResponse(turn, model, output, error) {
    return responseObject(turn, model, { status: 'failed', output, usage: null, error });
}
function responseObject(turn, model, fields) {
    return {
        id: turn.id,
        object: 'response',
        created_at: turn.createdAt,
        completed_at: null,
        error: null,
        incomplete_details: null,
        model,
        ...turn.echo,
        ...fields,
    };
}
//# sourceMappingURL=build-response.js.map