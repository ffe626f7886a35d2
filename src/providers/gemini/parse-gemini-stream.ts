import type { FinishReason } from '../../core/canonical/result.ts';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { decodeSse } from '../../core/wire/sse-decoder.ts';
import { parseJsonObject } from '../shared/parse-json-object.ts';
import type { StreamContext } from '../shared/stream-context.ts';
import { wholeToolCallParts } from '../shared/whole-tool-call-parts.ts';
import { convertGeminiUsage } from './convert-gemini-usage.ts';
import { derivedToolCallId } from '../shared/derived-tool-call-id.ts';
import { geminiUpstreamError } from './gemini-upstream-error.ts';
import type { GeminiErrorBody, GeminiGenerateContentResponse, GeminiUsageMetadata } from './gemini-wire-types.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';
import { readGeminiParts } from './read-gemini-parts.ts';

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
export async function* parseGeminiStream(body: AsyncIterable<Uint8Array>, context: StreamContext): AsyncGenerator<StreamPart> {
  let started = false;
  let responseId: string | undefined;
  let rawFinishReason: string | undefined;
  let blocked: FinishReason | undefined;
  let usage: GeminiUsageMetadata | undefined;
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
      if (chunk.usageMetadata) usage = chunk.usageMetadata;
      if (candidate?.finishReason) rawFinishReason = candidate.finishReason;
      else if (candidate === undefined && chunk.promptFeedback?.blockReason) {
        blocked = { unified: 'content-filter', raw: chunk.promptFeedback.blockReason };
      }
    }
  } catch (error) {
    // A connection that breaks after the finish reason arrived still delivered a complete answer.
    if (rawFinishReason === undefined && blocked === undefined) {
      yield { type: 'error', error: GatewayError.from(error) };
      return;
    }
  }
  const finishReason = rawFinishReason !== undefined ? mapGeminiFinishReason(rawFinishReason, callIndex > 0) : blocked;
  if (finishReason) yield { type: 'finish', finishReason, usage: convertGeminiUsage(usage) };
}

function parseChunk(data: string): GeminiGenerateContentResponse | GeminiErrorBody | undefined {
  return parseJsonObject(data) as GeminiGenerateContentResponse | GeminiErrorBody | undefined;
}

function badChunk(providerId: string): GatewayError {
  return new GatewayError('upstream_bad_response', {
    message: `Provider ${providerId} sent a stream chunk that is not a JSON object.`,
    details: { provider: providerId },
  });
}
