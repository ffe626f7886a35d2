import { GatewayError } from "../../../core/errors/gateway-error.js";
import { toOpenAIFinishReason } from "../../../providers/openai-compatible/map-openai-finish-reason.js";
import { openAIErrorObject } from "./encode-openai-error.js";
import { toOpenAIUsage } from "./to-openai-usage.js";
/**
 * Encodes canonical stream parts as OpenAI `chat.completion.chunk` Server-Sent Events, frame by frame
 * (`data: {...}\n\n`), the way OpenAI sends them: a first chunk with `role: 'assistant'`, content deltas, tool call
 * deltas (`index`, `id`, `type` and `function.name` on the first, then `function.arguments` fragments), a chunk
 * with `finish_reason`, the usage chunk with `choices: []` when asked for, then `data: [DONE]`.
 *
 * An `error` part, an exception from the source, or a source that ends without `finish` (a truncated upstream,
 * `stream_truncated`) ends the stream with `data: {"error":{...}}` and no `[DONE]`, which the OpenAI SDKs raise as
 * an `APIError` instead of mistaking the cut answer for a complete one. Never throws.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export async function* encodeOpenAIChatStream(parts, meta) {
    // The envelope is serialised once; each frame only serialises its own delta.
    const head = `data: {"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},"model":${JSON.stringify(meta.model)},"choices":[`;
    const tail = meta.includeUsage ? '],"usage":null}\n\n' : ']}\n\n';
    const frame = (delta, finishReason = 'null') => `${head}{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finishReason}}${tail}`;
    let started = false;
    try {
        for await (const part of parts) {
            if (part.type === 'error') {
                yield encodeOpenAIStreamError(part.error);
                return;
            }
            if (!started && part.type !== 'usage' && part.type !== 'tool-input-end') {
                started = true;
                yield frame('{"role":"assistant","content":"","refusal":null}');
            }
            switch (part.type) {
                case 'text-delta':
                    if (part.delta !== '')
                        yield frame(`{"content":${JSON.stringify(part.delta)}}`);
                    break;
                case 'tool-input-start':
                    yield frame(JSON.stringify({ tool_calls: [{ index: part.index, id: part.id, type: 'function', function: { name: part.name, arguments: '' } }] }));
                    break;
                case 'tool-input-delta':
                    yield frame(JSON.stringify({ tool_calls: [{ index: part.index, function: { arguments: part.delta } }] }));
                    break;
                case 'finish':
                    yield frame('{}', JSON.stringify(toOpenAIFinishReason(part.finishReason)));
                    if (meta.includeUsage)
                        yield `${head}],"usage":${JSON.stringify(toOpenAIUsage(part.usage))}}\n\n`;
                    yield 'data: [DONE]\n\n';
                    return;
                default:
                    break;
            }
        }
    }
    catch (error) {
        yield encodeOpenAIStreamError(GatewayError.from(error));
        return;
    }
    yield encodeOpenAIStreamError(new GatewayError('stream_truncated'));
}
/** One SSE frame carrying an error, in OpenAI's error shape (a stream that fails after its headers were sent). */
export function encodeOpenAIStreamError(error) {
    return `data: ${JSON.stringify({ error: openAIErrorObject(error) })}\n\n`;
}
//# sourceMappingURL=encode-openai-chat-stream.js.map