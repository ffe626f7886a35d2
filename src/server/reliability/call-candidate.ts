import type { ChatRequest } from '../../core/canonical/request.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { JsonText } from '../../core/provider/json-text.ts';
import type { DispatchOutcome, PipelineContext, RouteCandidate } from '../pipeline/context.ts';
import { forwardedHeaders } from './forwarded-headers.ts';
import type { HeldStream } from './held-stream.ts';
import type { ObservedTransport } from './observed-transport.ts';
import { untilFirstPassthroughContent } from './peek-passthrough-stream.ts';
import { untilFirstContent } from './until-first-content.ts';
import { wholeJson } from './whole-json.ts';
import type { AttemptCallOptions } from './with-attempt-telemetry.ts';

/**
 * What one call produced once it can no longer fail silently: a whole answer, a relayed response past its first
 * content, or a canonical stream read up to its first content (`started`), which dispatch wraps for failover.
 */
export type CandidateAnswer =
  | Exclude<DispatchOutcome, { kind: 'stream' }>
  | { kind: 'started-stream'; candidate: RouteCandidate; started: HeldStream };

/**
 * Calls one candidate's adapter (wrapped at start-up with the circuit breaker, telemetry and statistics, see
 * `withReliability`): the pass-through fast path when the provider speaks the client's dialect and nothing changed
 * the request (see `passthroughBody`), the canonical adapter call otherwise. Resolves only once nothing can reach
 * the client that a retry would contradict: a relayed JSON answer is read whole and must parse; a stream is held
 * until its first content (the wrapped adapter already did both; an adapter used bare gets them here). Throws
 * catalogued errors: `circuit_open` when the provider was skipped, retryable ones invite a retry or fallback.
 */
export async function callCandidate(context: PipelineContext, candidate: RouteCandidate, signal: AbortSignal, transport: ObservedTransport): Promise<CandidateAnswer> {
  const adapter = candidate.adapter;
  let options = candidateCallOptions(context, candidate, signal, transport);
  if (context.endpoint === 'embeddings') {
    const request = context.embeddingRequest;
    if (!request) throw new GatewayError('internal_error', { message: 'embeddings dispatch without a request' });
    if (!adapter.doEmbed) throw new GatewayError('upstream_rejected', { message: `Provider ${candidate.providerId} has no embeddings endpoint.` });
    const { encodingFormat: _clientFormat, ...canonical } = request;
    const result = await adapter.doEmbed({ ...canonical, model: candidate.upstreamModel }, options);
    return { kind: 'embedding', candidate, result };
  }
  const request = context.request;
  if (!request) throw new GatewayError('internal_error', { message: 'chat dispatch without a request' });
  const headers = forwardedHeaders(context.headers, context.dialect, adapter.dialect);
  if (headers !== undefined) options = { ...options, headers: { ...options.headers, ...headers } };
  if (context.passthrough && adapter.dialect === context.dialect && adapter.doPassthrough && context.body) {
    const sent = passthroughBody(context, request, candidate.upstreamModel);
    const response = await adapter.doPassthrough({ body: sent.body, stream: request.stream }, options);
    if (request.stream) {
      const started = await untilFirstPassthroughContent(response, context.dialect, candidate.providerId);
      return { kind: 'passthrough', candidate, stream: true, ...started, ...(sent.usageAdded ? { usageAdded: true } : {}) };
    }
    const whole = await wholeJson(response, candidate.providerId);
    return { kind: 'passthrough', candidate, stream: false, status: whole.status, headers: whole.headers, bytes: whole.bytes, value: whole.value, cancel: () => whole.cancel() };
  }
  const upstreamRequest: ChatRequest = { ...request, model: candidate.upstreamModel };
  if (request.stream) {
    const { stream } = await adapter.doStream(upstreamRequest, options);
    return { kind: 'started-stream', candidate, started: await untilFirstContent(stream, candidate.providerId) };
  }
  const { result } = await adapter.doGenerate(upstreamRequest, options);
  return { kind: 'result', candidate, result };
}

/** The options of one call to a candidate: its signal and transport, and the request's telemetry when on. */
export function candidateCallOptions(context: PipelineContext, candidate: RouteCandidate, signal: AbortSignal, transport: ObservedTransport): AttemptCallOptions {
  const telemetry = context.telemetry;
  return telemetry ? { signal, transport, attempt: () => telemetry.attempt(candidate) } : { signal, transport };
}

/**
 * The body relayed to a provider that speaks the client's dialect: the client's own bytes when the model name
 * stays (nothing to serialise), else its body with the upstream model. An OpenAI stream carries usage only with
 * `stream_options.include_usage`; when the client did not ask for it, the gateway does (so the answer can be
 * accounted exactly) and the relay removes the usage chunk again (`usageAdded`).
 */
function passthroughBody(context: PipelineContext, request: ChatRequest, upstreamModel: string): { body: Record<string, unknown> | JsonText; usageAdded: boolean } {
  const body = context.body!;
  if (request.stream && context.dialect === 'openai' && request.includeUsage !== true) {
    const streamOptions = body.stream_options !== null && typeof body.stream_options === 'object' ? body.stream_options : {};
    return { body: { ...body, model: upstreamModel, stream_options: { ...streamOptions, include_usage: true } }, usageAdded: true };
  }
  if (context.bodyText !== undefined && body.model === upstreamModel) return { body: new JsonText(context.bodyText), usageAdded: false };
  return { body: { ...body, model: upstreamModel }, usageAdded: false };
}
