import { GatewayError } from "../../core/errors/gateway-error.js";
import { decodeSse } from "../../core/wire/sse-decoder.js";
import { toConnectionError } from "../shared/http-client.js";
import { fromOpenAIUsage } from "./from-openai-usage.js";
import { mapOpenAIFinishReason } from "./map-openai-finish-reason.js";
import { emptyUsage } from "../../core/canonical/result.js";
/**
 * Parses an OpenAI chat completion SSE body into canonical stream parts, once, without touching strings by hand.
 *
 * `stream-start` comes with the first chunk; text and refusal deltas become `text-delta`; tool call fragments
 * become `tool-input-start`/`-delta`/`-end` (every open call ends when `finish_reason` arrives). `finish` is
 * emitted at `[DONE]` (the rest of the body is drained and ignored), or at the end of the body when a
 * `finish_reason` was seen, with the usage of the
 * `include_usage` chunk. A chunk that is not JSON, an `error` object in the stream or a broken connection
 * becomes one `error` part and ends the stream. A body that stops before `finish_reason` and `[DONE]` ends with
 * no `finish` part: the caller sees the truncation.
 *
 * Tool calls are renumbered from 0 in order of appearance; a new `id` at an index already in use (some
 * compatible servers send every parallel call at index 0) starts a new call.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export async function* parseOpenAIStream(body, options) {
    const open = new Map();
    let nextToolIndex = 0;
    let started = false;
    let finished = false;
    let finishReason;
    let usage;
    function* endOpenToolCalls() {
        const calls = [...open.values()].sort((left, right) => left.index - right.index);
        open.clear();
        for (const call of calls)
            yield { type: 'tool-input-end', index: call.index };
    }
    function* finish() {
        finished = true;
        if (!started) {
            started = true;
            yield streamStart({}, options.warnings ?? []);
        }
        yield* endOpenToolCalls();
        yield { type: 'finish', finishReason: finishReason ?? { unified: 'other' }, usage: usage ?? emptyUsage() };
    }
    function* toolCallDelta(delta, position) {
        const providerIndex = typeof delta.index === 'number' ? delta.index : position;
        const argumentsText = delta.function?.arguments;
        let call = open.get(providerIndex);
        const id = typeof delta.id === 'string' && delta.id !== '' ? delta.id : undefined;
        if (call === undefined || (id !== undefined && id !== call.id)) {
            if (call !== undefined)
                yield { type: 'tool-input-end', index: call.index };
            const index = nextToolIndex++;
            call = { index, id: id ?? `call_${index}` };
            open.set(providerIndex, call);
            const name = delta.function?.name;
            yield { type: 'tool-input-start', index, id: call.id, name: typeof name === 'string' ? name : '' };
        }
        if (typeof argumentsText === 'string' && argumentsText !== '') {
            yield { type: 'tool-input-delta', index: call.index, delta: argumentsText };
        }
    }
    try {
        for await (const event of decodeSse(body)) {
            // After `[DONE]` the rest is drained, not cut, so the keep-alive connection goes back to the pool.
            if (finished)
                continue;
            const data = event.data.trim();
            if (data === '[DONE]') {
                yield* finish();
                continue;
            }
            let chunk;
            try {
                chunk = JSON.parse(data);
            }
            catch (error) {
                yield errorPart('upstream_bad_response', `Provider ${options.providerId} sent a stream chunk that is not JSON.`, options.providerId, error);
                return;
            }
            if (typeof chunk !== 'object' || chunk === null || Array.isArray(chunk)) {
                yield errorPart('upstream_bad_response', `Provider ${options.providerId} sent a stream chunk that is not an object.`, options.providerId);
                return;
            }
            if (chunk.error !== undefined && chunk.error !== null) {
                const detail = typeof chunk.error === 'object' && typeof chunk.error.message === 'string' ? chunk.error.message : String(chunk.error);
                yield errorPart('upstream_error', `Provider ${options.providerId} failed mid-stream: ${detail.slice(0, 300)}`, options.providerId);
                return;
            }
            if (!started) {
                started = true;
                yield streamStart(chunk, options.warnings ?? []);
            }
            const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
            for (const choice of choices) {
                if (typeof choice !== 'object' || choice === null || (choice.index ?? 0) !== 0)
                    continue;
                const delta = choice.delta;
                if (typeof delta === 'object' && delta !== null) {
                    if (typeof delta.content === 'string' && delta.content !== '')
                        yield { type: 'text-delta', delta: delta.content };
                    if (typeof delta.refusal === 'string' && delta.refusal !== '')
                        yield { type: 'text-delta', delta: delta.refusal };
                    if (Array.isArray(delta.tool_calls)) {
                        for (const [position, toolCall] of delta.tool_calls.entries()) {
                            if (typeof toolCall === 'object' && toolCall !== null)
                                yield* toolCallDelta(toolCall, position);
                        }
                    }
                }
                if (typeof choice.finish_reason === 'string') {
                    finishReason = mapOpenAIFinishReason(choice.finish_reason);
                    yield* endOpenToolCalls();
                }
            }
            if (typeof chunk.usage === 'object' && chunk.usage !== null)
                usage = fromOpenAIUsage(chunk.usage);
        }
    }
    catch (error) {
        if (!finished)
            yield { type: 'error', error: toConnectionError(error) };
        return;
    }
    if (!finished && finishReason !== undefined)
        yield* finish();
}
function streamStart(chunk, warnings) {
    const part = { type: 'stream-start', warnings };
    if (typeof chunk.id === 'string')
        part.id = chunk.id;
    if (typeof chunk.model === 'string')
        part.model = chunk.model;
    return part;
}
function errorPart(code, message, providerId, cause) {
    return { type: 'error', error: new GatewayError(code, { message, cause, details: { provider: providerId } }) };
}
//# sourceMappingURL=parse-openai-stream.js.map