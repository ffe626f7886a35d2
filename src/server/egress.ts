import { GatewayError } from '../core/errors/gateway-error.ts';
import type { GatewayServices } from './app.ts';
import type { DialectCodec } from './dialects/dialect-codec.ts';
import { toReadableStream } from './http/to-readable-stream.ts';
import type { PipelineContext } from './pipeline/context.ts';

const sseHeaders = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' };

/**
 * Encodes the dispatch outcome in the client's dialect: JSON for a complete answer, SSE for a stream, and the
 * provider's own bytes for the pass-through path. `release` is called when the response is fully written or
 * abandoned (graceful shutdown waits for it).
 */
export function respond(context: PipelineContext, codec: DialectCodec, services: GatewayServices, release: () => void): Response {
  const outcome = context.outcome;
  if (!outcome) throw new GatewayError('internal_error', { message: 'no outcome after dispatch' });
  const headers = context.responseHeaders;
  const created = Math.floor(context.receivedAt / 1000);
  const id = `${codec.idPrefix}${context.requestId}`;
  const model = outcome.candidate.model.name;

  switch (outcome.kind) {
    case 'embedding': {
      release();
      return json(services.embeddings.encode(outcome.result, model, context.embeddingRequest?.encodingFormat), headers);
    }
    case 'result': {
      release();
      return json(codec.encodeChatResult(outcome.result, { id, created, model }), headers);
    }
    case 'stream': {
      const frames = codec.encodeChatStream(outcome.stream, { id, created, model, includeUsage: context.request?.includeUsage ?? false });
      const body = toReadableStream(frames, {
        onError: (error) => codec.encodeStreamError(GatewayError.from(error)),
        onDone: release,
      });
      return new Response(body, { status: 200, headers: { ...sseHeaders, ...headers } });
    }
    case 'passthrough': {
      const contentType = outcome.headers['content-type'] ?? (outcome.stream ? sseHeaders['content-type'] : 'application/json');
      if (!outcome.stream) {
        const body = toReadableStream(outcome.body, { onDone: release });
        return new Response(body, { status: outcome.status, headers: { 'content-type': contentType, ...headers } });
      }
      const body = toReadableStream(guardTruncation(outcome.body, codec, outcome.candidate.providerId), {
        onError: (error) => codec.encodeStreamError(GatewayError.from(error)),
        onDone: release,
      });
      return new Response(body, { status: outcome.status, headers: { ...sseHeaders, 'content-type': contentType, ...headers } });
    }
  }
}

function json(body: object, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', ...headers } });
}

const decoder = new TextDecoder();

/**
 * Relays a provider's stream bytes untouched, watching only the last bytes for the dialect's clean end.
 * A stream that stops without it was cut: the client gets an error frame, never a silent clean end.
 */
async function* guardTruncation(body: AsyncIterable<Uint8Array>, codec: DialectCodec, providerId: string): AsyncGenerator<Uint8Array | string> {
  let tail = '';
  for await (const chunk of body) {
    yield chunk;
    tail = (tail + decoder.decode(chunk.byteLength > 256 ? chunk.subarray(chunk.byteLength - 256) : chunk)).slice(-256);
  }
  if (!codec.isStreamComplete(tail)) {
    yield codec.encodeStreamError(
      new GatewayError('stream_truncated', { message: `Provider ${providerId} ended its stream before it was complete.` }),
    );
  }
}
