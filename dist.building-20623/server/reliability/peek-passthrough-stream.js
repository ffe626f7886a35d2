import { GatewayError } from "../../core/errors/gateway-error.js";
import { SseDecoder } from "../../core/wire/sse-decoder.js";
import { gatewayCodeForAnthropicErrorType } from "../../providers/anthropic/map-anthropic-error-type.js";
/**
 * Holds a relayed (pass-through) stream's bytes until its first content event, so a provider that fails before
 * any content (an `error` event, a chunk that is not JSON, a stream that just ends) is replaced by the next
 * candidate without the client noticing. Only the events before the first content are parsed; after it the
 * bytes flow untouched. Returns the response with a body that replays what was held; throws (after cancelling
 * the upstream) a retryable catalogued error otherwise.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export async function untilFirstPassthroughContent(response, dialect, providerId) {
    const iterator = response.body[Symbol.asyncIterator]();
    const decoder = new SseDecoder();
    const held = [];
    for (;;) {
        let step;
        try {
            step = await iterator.next();
        }
        catch (thrown) {
            response.cancel();
            throw GatewayError.isInstance(thrown)
                ? thrown
                : new GatewayError('upstream_connection', { message: `The connection to provider ${providerId} failed before any content.`, cause: thrown });
        }
        if (step.done) {
            throw new GatewayError('stream_truncated', { message: `Provider ${providerId} ended its stream before sending anything.` });
        }
        held.push(step.value);
        for (const event of decoder.push(step.value)) {
            const verdict = dialect === 'anthropic' ? anthropicVerdict(event, providerId) : openAIVerdict(event, providerId);
            if (verdict === 'none')
                continue;
            if (verdict !== 'content') {
                response.cancel();
                throw verdict;
            }
            return { ...response, body: replay(held, iterator) };
        }
    }
}
function anthropicVerdict(event, providerId) {
    const data = parseJson(event.data);
    if (data === undefined || typeof data !== 'object' || data === null) {
        return new GatewayError('upstream_bad_response', { message: `Provider ${providerId} sent a stream event that is not JSON.` });
    }
    switch (event.event) {
        case 'content_block_delta':
        case 'message_delta':
        case 'message_stop':
            return 'content';
        case 'content_block_start':
            // A text block starts empty; a tool call's start already names the tool.
            return data.content_block?.type === 'text' ? 'none' : 'content';
        case 'error': {
            const type = typeof data.error?.type === 'string' ? data.error.type : 'api_error';
            const detail = typeof data.error?.message === 'string' ? `: ${data.error.message.slice(0, 300)}` : '.';
            return new GatewayError(gatewayCodeForAnthropicErrorType(type), {
                message: `Provider ${providerId} failed before any content${detail}`,
                retryable: type !== 'invalid_request_error' && type !== 'request_too_large',
            });
        }
        default:
            return 'none';
    }
}
function openAIVerdict(event, providerId) {
    if (event.data === '[DONE]')
        return 'content';
    const chunk = parseJson(event.data);
    if (chunk === undefined || typeof chunk !== 'object' || chunk === null) {
        return new GatewayError('upstream_bad_response', { message: `Provider ${providerId} sent a stream chunk that is not JSON.` });
    }
    if (chunk.error !== undefined && chunk.error !== null) {
        return new GatewayError('upstream_error', { message: `Provider ${providerId} failed before any content.` });
    }
    const choice = chunk.choices?.[0];
    if (choice === undefined)
        return chunk.usage ? 'content' : 'none';
    const content = choice.delta?.content;
    if ((typeof content === 'string' && content !== '') || choice.delta?.tool_calls !== undefined)
        return 'content';
    return choice.finish_reason !== undefined && choice.finish_reason !== null ? 'content' : 'none';
}
function parseJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
/** The held chunks, then the rest of the body; `next` hands the upstream's own promise on, adding nothing per chunk. */
function replay(held, iterator) {
    let index = 0;
    const replaying = {
        next: () => (index < held.length ? Promise.resolve({ done: false, value: held[index++] }) : iterator.next()),
        return: async () => {
            await iterator.return?.();
            return { done: true, value: undefined };
        },
    };
    return { [Symbol.asyncIterator]: () => replaying };
}
//# sourceMappingURL=peek-passthrough-stream.js.map