import { GatewayError } from "../../core/errors/gateway-error.js";
import { decodeSse } from "../../core/wire/sse-decoder.js";
import { parseJsonObject } from "../shared/parse-json-object.js";
import { wholeToolCallParts } from "../shared/whole-tool-call-parts.js";
import { convertGeminiUsage } from "./convert-gemini-usage.js";
import { derivedToolCallId } from "../shared/derived-tool-call-id.js";
import { geminiUpstreamError } from "./gemini-upstream-error.js";
import { mapGeminiFinishReason } from "./map-gemini-finish-reason.js";
import { readGeminiParts } from "./read-gemini-parts.js";
/**
 * Parses a `streamGenerateContent?alt=sse` body into stream parts. Each SSE `data` is a complete
 * `GenerateContentResponse` holding the next slice of the answer: every text part becomes a `text-delta`, and
 * every `functionCall` (Gemini sends each one whole) becomes `tool-input-start`, one `tool-input-delta` with the
 * whole `args` JSON, and `tool-input-end`.
 *
 * Gemini's stream has no terminator event, so it counts as complete only if a candidate carried a
 * `finishReason` (or the prompt was blocked); then `finish` follows once the body ends, with the last
 * `usageMetadata`. A body that ends without one was truncated and yields no `finish`. A chunk that is not JSON,
 * or an `{ error }` chunk, becomes an `error` part and ends the stream; so does a broken connection before the end.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export async function* parseGeminiStream(body, context) {
    let started = false;
    let responseId;
    let rawFinishReason;
    let blocked;
    let usage;
    let callIndex = 0;
    try {
        for await (const event of decodeSse(body)) {
            const chunk = parseChunk(event.data);
            if (chunk === undefined) {
                yield { type: 'error', error: badChunk(context.providerId) };
                return;
            }
            if ('error' in chunk) {
                const status = typeof chunk.error.code === 'number' ? chunk.error.code : 500;
                yield { type: 'error', error: geminiUpstreamError(status, {}, event.data, context.providerId, context.apiKey) };
                return;
            }
            responseId ??= chunk.responseId;
            if (!started) {
                started = true;
                yield { type: 'stream-start', ...(responseId ? { id: responseId } : {}), model: chunk.modelVersion ?? context.requestModel, warnings: context.warnings };
            }
            const candidate = chunk.candidates?.[0];
            for (const part of readGeminiParts(candidate)) {
                if (part.type === 'text') {
                    yield { type: 'text-delta', delta: part.text };
                    continue;
                }
                const index = callIndex++;
                yield* wholeToolCallParts(index, derivedToolCallId(index, part.name, responseId, part.id), part.name, part.args);
            }
            if (chunk.usageMetadata)
                usage = chunk.usageMetadata;
            if (candidate?.finishReason)
                rawFinishReason = candidate.finishReason;
            else if (candidate === undefined && chunk.promptFeedback?.blockReason) {
                blocked = { unified: 'content-filter', raw: chunk.promptFeedback.blockReason };
            }
        }
    }
    catch (error) {
        // A connection that breaks after the finish reason arrived still delivered a complete answer.
        if (rawFinishReason === undefined && blocked === undefined) {
            yield { type: 'error', error: GatewayError.from(error) };
            return;
        }
    }
    const finishReason = rawFinishReason !== undefined ? mapGeminiFinishReason(rawFinishReason, callIndex > 0) : blocked;
    if (finishReason)
        yield { type: 'finish', finishReason, usage: convertGeminiUsage(usage) };
}
function parseChunk(data) {
    return parseJsonObject(data);
}
function badChunk(providerId) {
    return new GatewayError('upstream_bad_response', {
        message: `Provider ${providerId} sent a stream chunk that is not a JSON object.`,
        details: { provider: providerId },
    });
}
//# sourceMappingURL=parse-gemini-stream.js.map