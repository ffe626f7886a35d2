import type { AssistantContentPart } from '../core/canonical/message.ts';
import type { Usage } from '../core/canonical/result.ts';
import type { StreamPart } from '../core/canonical/stream-part.ts';
import { GatewayError } from '../core/errors/gateway-error.ts';
import type { GatewayServices } from './app.ts';
import type { DialectCodec } from './dialects/dialect-codec.ts';
import { createRelayTap, readRelayedJson } from './dialects/passthrough-usage.ts';
import type { Reply } from './http/reply.ts';
import type { PipelineContext } from './pipeline/context.ts';
import { finalize } from './pipeline/finalize.ts';

const sseHeaders = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' };

/**
 * Encodes the dispatch outcome in the client's dialect: JSON for a complete answer, SSE for a stream, the
 * provider's own bytes on the pass-through path. Each path finalizes the request (accounting, audit) before the
 * response completes: before a JSON answer is sent, and before a stream's last event is released.
 * `release` is called when the response is fully written or abandoned (graceful shutdown waits for it).
 */
export async function respond(context: PipelineContext, codec: DialectCodec, services: GatewayServices, release: () => void): Promise<Reply> {
  const outcome = context.outcome;
  if (!outcome) throw new GatewayError('internal_error', { message: 'no outcome after dispatch' });
  const headers = context.responseHeaders;
  const created = Math.floor(context.receivedAt / 1000);
  const id = `${codec.idPrefix}${context.requestId}`;
  // The catalog's name, as for aliases; a name a pattern passed on unchanged is the client's own (and the provider's).
  const catalogModel = outcome.candidate.model;
  const model = outcome.candidate.upstreamModel !== (catalogModel.upstreamName ?? catalogModel.name) ? outcome.candidate.upstreamModel : catalogModel.name;
  const logger = services.logger;

  switch (outcome.kind) {
    case 'embedding': {
      await finalize(context, { status: 200, outcome: 'ok', usage: outcome.result.usage }, logger);
      release();
      return json(services.embeddings.encode(outcome.result, model, context.embeddingRequest?.encodingFormat), headers);
    }
    case 'result': {
      const result = outcome.result;
      await finalize(context, { status: 200, outcome: 'ok', usage: result.usage, content: result.content }, logger);
      release();
      return json(await codec.encodeChatResult(result, { id, created, model, context }), headers);
    }
    case 'stream': {
      const parts = accountedStream(outcome.stream, context, services);
      const frames = codec.encodeChatStream(parts, { id, created, model, context, includeUsage: context.request?.includeUsage ?? false });
      return {
        status: 200,
        headers: { ...sseHeaders, ...headers },
        body: { source: frames, onError: (error) => codec.encodeStreamError(GatewayError.from(error)), onDone: release },
      };
    }
    case 'passthrough': {
      const contentType = outcome.headers['content-type'] ?? (outcome.stream ? sseHeaders['content-type'] : 'application/json');
      if (!outcome.stream) {
        const answer = readRelayedJson(codec.dialect, outcome.value);
        await finalize(context, { status: outcome.status, outcome: 'ok', ...answer }, logger);
        release();
        return { status: outcome.status, headers: { 'content-type': contentType, ...headers }, body: outcome.bytes };
      }
      return {
        status: outcome.status,
        headers: { ...sseHeaders, 'content-type': contentType, ...headers },
        body: {
          source: relayStream(outcome.body, context, codec, services, outcome.candidate.providerId, outcome.usageAdded === true),
          onError: (error) => codec.encodeStreamError(GatewayError.from(error)),
          onDone: release,
        },
      };
    }
  }
}

function json(body: object, headers: Record<string, string>): Reply {
  return { status: 200, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/**
 * Passes canonical parts to the encoder, keeping count of usage and text, and finalizes the request before the
 * `finish` (or `error`) part goes on, so the client sees the end only once accounting and audit are done.
 * A stream that ends without `finish` was truncated; one abandoned by the client is finalized as cancelled.
 */
async function* accountedStream(parts: AsyncIterable<StreamPart>, context: PipelineContext, services: GatewayServices): AsyncGenerator<StreamPart> {
  const usage: Partial<Usage> = {};
  const content: AssistantContentPart[] = [];
  let text = '';
  let reasoning = '';
  let firstAt: number | undefined;
  const logger = services.logger;
  const ttft = () => (firstAt === undefined ? {} : { ttftMs: firstAt - context.receivedAt });
  const answer = (): AssistantContentPart[] => [
    ...(reasoning ? [{ type: 'reasoning' as const, text: reasoning }] : []),
    ...content,
    ...(text ? [{ type: 'text' as const, text }] : []),
  ];
  try {
    for await (const part of parts) {
      switch (part.type) {
        case 'usage':
          Object.assign(usage, part.usage);
          break;
        case 'text-delta':
          firstAt ??= Date.now();
          text += part.delta;
          break;
        case 'reasoning-delta':
          firstAt ??= Date.now();
          reasoning += part.delta;
          break;
        case 'tool-input-start':
          firstAt ??= Date.now();
          content.push({ type: 'tool-call', id: part.id, name: part.name, arguments: '' });
          break;
        case 'tool-input-delta': {
          const call = content.findLast((item) => item.type === 'tool-call');
          if (call?.type === 'tool-call') call.arguments += part.delta;
          break;
        }
        case 'finish':
          mergeUsage(usage, part.usage);
          await finalize(context, { status: 200, outcome: 'ok', usage, content: answer(), ...ttft() }, logger);
          break;
        case 'error':
          await finalize(context, { status: 200, outcome: 'error', error: part.error, usage, content: answer(), ...ttft() }, logger);
          break;
        default:
          break;
      }
      yield part;
      if (part.type === 'finish' || part.type === 'error') return;
    }
    const error = new GatewayError('stream_truncated');
    await finalize(context, { status: 200, outcome: 'error', error, usage, content: answer(), ...ttft() }, logger);
  } finally {
    if (!context.completion) void finalize(context, { status: 200, outcome: 'cancelled', usage, content: answer(), ...ttft() }, logger);
  }
}

/** Reported figures win over zeros: a `finish` without usage must not erase the usage seen earlier. */
function mergeUsage(target: Partial<Usage>, source: Usage): void {
  for (const [key, value] of Object.entries(source) as Array<[keyof Usage, unknown]>) {
    if (typeof value === 'number' && value === 0 && typeof target[key] === 'number') continue;
    (target as Record<string, unknown>)[key] = value;
  }
}

/**
 * Relays a provider's stream bytes (untouched, except for a usage chunk the gateway asked for on the client's
 * behalf), with a tap for usage. The chunk that carries the dialect's clean end is held until the request is
 * finalized; a stream that stops without that end was cut, and the client gets an error frame, never a silent
 * clean end.
 */
async function* relayStream(
  body: AsyncIterable<Uint8Array>,
  context: PipelineContext,
  codec: DialectCodec,
  services: GatewayServices,
  providerId: string,
  usageAdded: boolean,
): AsyncGenerator<Uint8Array | string> {
  const tap = createRelayTap(codec.dialect, { dropUsageChunk: usageAdded });
  const logger = services.logger;
  let firstAt = 0;
  const complete = () => ({ status: 200, outcome: 'ok' as const, ...tap.answer, ttftMs: firstAt - context.receivedAt });
  try {
    for await (const chunk of body) {
      if (firstAt === 0) firstAt = Date.now();
      const passed = tap.push(chunk);
      if (passed.length === 0) continue;
      // The chunk holding the clean end waits for the request to be finalized (nothing per chunk before it).
      if (!context.completion && codec.isStreamComplete(tap.tail)) await finalize(context, complete(), logger);
      yield passed;
    }
    const rest = tap.end();
    if (rest.length > 0) {
      if (!context.completion && codec.isStreamComplete(tap.tail)) await finalize(context, complete(), logger);
      yield rest;
    }
    if (!codec.isStreamComplete(tap.tail)) {
      const error = new GatewayError('stream_truncated', { message: `Provider ${providerId} ended its stream before it was complete.` });
      await finalize(context, { status: 200, outcome: 'error', error, ...tap.answer }, logger);
      yield codec.encodeStreamError(error);
    }
  } finally {
    if (!context.completion) void finalize(context, { status: 200, outcome: 'cancelled', ...tap.answer }, logger);
  }
}
