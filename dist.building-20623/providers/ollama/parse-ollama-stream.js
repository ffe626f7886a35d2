import { GatewayError } from "../../core/errors/gateway-error.js";
import { decodeNdjson } from "../../core/wire/ndjson-decoder.js";
import { parseJsonObject } from "../shared/parse-json-object.js";
import { redactSecret } from "../shared/redact-secret.js";
import { wholeToolCallParts } from "../shared/whole-tool-call-parts.js";
import { convertOllamaUsage } from "./convert-ollama-usage.js";
import { mapOllamaFinishReason } from "./map-ollama-finish-reason.js";
import { ollamaToolCallId } from "./ollama-tool-call-id.js";
/**
 * Parses a streamed `/api/chat` body (NDJSON, one `ChatResponse` per line) into stream parts:
 * `message.content` → `text-delta`; each `message.tool_calls[]` (Ollama sends each call whole) →
 * `tool-input-start`, one `tool-input-delta` with the whole arguments JSON, `tool-input-end`; the `done: true`
 * line → `finish` with its `done_reason` and counters, which ends the stream. A body that ends without a
 * `done: true` line was truncated and yields no `finish`. A line that is not a JSON object, an
 * `{"error": "..."}` line, or a broken connection becomes an `error` part and ends the stream.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 */
export async function* parseOllamaStream(body, context) {
    let started = false;
    let createdAt;
    let callIndex = 0;
    try {
        for await (const line of decodeNdjson(body)) {
            const chunk = parseLine(line);
            if (chunk === undefined) {
                yield { type: 'error', error: streamError('upstream_bad_response', `Provider ${context.providerId} sent a stream line that is not a JSON object.`, context) };
                return;
            }
            if (typeof chunk.error === 'string') {
                yield { type: 'error', error: streamError('upstream_error', `Provider ${context.providerId} failed mid-stream: ${chunk.error}`, context) };
                return;
            }
            if (!started) {
                started = true;
                createdAt = chunk.created_at;
                yield { type: 'stream-start', model: chunk.model ?? context.requestModel, warnings: context.warnings };
            }
            const text = chunk.message?.content;
            if (typeof text === 'string' && text !== '')
                yield { type: 'text-delta', delta: text };
            for (const call of chunk.message?.tool_calls ?? []) {
                const index = callIndex++;
                yield* wholeToolCallParts(index, ollamaToolCallId(index, call.function.name, createdAt, call.id), call.function.name, call.function.arguments ?? {});
            }
            if (chunk.done === true) {
                yield { type: 'finish', finishReason: mapOllamaFinishReason(chunk.done_reason, callIndex > 0), usage: convertOllamaUsage(chunk) };
                return;
            }
        }
    }
    catch (error) {
        yield { type: 'error', error: GatewayError.from(error) };
    }
}
function parseLine(line) {
    return parseJsonObject(line);
}
function streamError(code, message, context) {
    let safe = redactSecret(message, context.apiKey);
    if (safe.length > 400)
        safe = `${safe.slice(0, 400)}...`;
    return new GatewayError(code, { message: safe, details: { provider: context.providerId } });
}
//# sourceMappingURL=parse-ollama-stream.js.map