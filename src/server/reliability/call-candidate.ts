import type { ChatRequest } from '../../core/canonical/request.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { CallOptions, PassthroughResponse } from '../../core/provider/adapter.ts';
import { JsonText } from '../../core/provider/json-text.ts';
import { concatBytes } from '../http/concat-bytes.ts';
import type { DispatchOutcome, PipelineContext, RouteCandidate } from '../pipeline/context.ts';
import { forwardedHeaders } from './forwarded-headers.ts';
import { untilFirstPassthroughContent } from './peek-passthrough-stream.ts';
import { untilFirstContent, type StartedStream } from './until-first-content.ts';

/**
 * What one call produced once it can no longer fail silently: a whole answer, a relayed response past its first
 * content, or a canonical stream read up to its first content (`started`), which dispatch wraps for failover.
 */
export type CandidateAnswer =
  | Exclude<DispatchOutcome, { kind: 'stream' }>
  | { kind: 'started-stream'; candidate: RouteCandidate; started: StartedStream };

/**
 * Calls one candidate: the pass-through fast path when the provider speaks the client's dialect and nothing
 * changed the request (see `passthroughBody`), the canonical adapter call otherwise. Resolves only once nothing can reach the client
 * that a retry would contradict: a relayed JSON answer is read whole and must parse; a stream is held until its
 * first content. Throws catalogued errors (retryable ones invite a retry or fallback).
 */
export async function callCandidate(
  context: PipelineContext,
  candidate: RouteCandidate,
  callOptions: CallOptions,
): Promise<CandidateAnswer> {
  const telemetry = context.telemetry;
  if (!telemetry) return callOnce(context, candidate, callOptions);
  const attempt = telemetry.attempt(candidate);
  const options = attempt.headers ? { ...callOptions, headers: { ...callOptions.headers, ...attempt.headers } } : callOptions;
  try {
    const answer = await callOnce(context, candidate, options);
    attempt.answered();
    return answer;
  } catch (thrown) {
    attempt.failed(GatewayError.from(thrown));
    throw thrown;
  }
}

async function callOnce(
  context: PipelineContext,
  candidate: RouteCandidate,
  callOptions: CallOptions,
): Promise<CandidateAnswer> {
  const adapter = candidate.adapter;
  if (context.endpoint === 'embeddings') {
    const request = context.embeddingRequest;
    if (!request) throw new GatewayError('internal_error', { message: 'embeddings dispatch without a request' });
    if (!adapter.doEmbed) throw new GatewayError('upstream_rejected', { message: `Provider ${candidate.providerId} has no embeddings endpoint.` });
    const { encodingFormat: _clientFormat, ...canonical } = request;
    const result = await adapter.doEmbed({ ...canonical, model: candidate.upstreamModel }, callOptions);
    return { kind: 'embedding', candidate, result };
  }
  const request = context.request;
  if (!request) throw new GatewayError('internal_error', { message: 'chat dispatch without a request' });
  const headers = forwardedHeaders(context.headers, context.dialect, adapter.dialect);
  if (headers !== undefined) callOptions = { ...callOptions, headers: { ...callOptions.headers, ...headers } };
  if (context.passthrough && adapter.dialect === context.dialect && adapter.doPassthrough && context.body) {
    const sent = passthroughBody(context, request, candidate.upstreamModel);
    const response = await adapter.doPassthrough({ body: sent.body, stream: request.stream }, callOptions);
    if (request.stream) {
      const started = await untilFirstPassthroughContent(response, context.dialect, candidate.providerId);
      return { kind: 'passthrough', candidate, stream: true, ...started, ...(sent.usageAdded ? { usageAdded: true } : {}) };
    }
    return { kind: 'passthrough', candidate, stream: false, ...(await wholeJson(response, candidate.providerId)) };
  }
  const upstreamRequest: ChatRequest = { ...request, model: candidate.upstreamModel };
  if (request.stream) {
    const { stream } = await adapter.doStream(upstreamRequest, callOptions);
    return { kind: 'started-stream', candidate, started: await untilFirstContent(stream, candidate.providerId) };
  }
  const { result } = await adapter.doGenerate(upstreamRequest, callOptions);
  return { kind: 'result', candidate, result };
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

const utf8 = new TextDecoder();

/** Reads a relayed JSON answer whole; one that was cut or is not JSON is a retryable bad response, never relayed. */
export async function wholeJson(
  response: PassthroughResponse,
  providerId: string,
): Promise<Pick<PassthroughResponse, 'status' | 'headers' | 'cancel'> & { bytes: Uint8Array; value: unknown }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      chunks.push(chunk);
      size += chunk.byteLength;
    }
  } catch (thrown) {
    response.cancel();
    throw GatewayError.isInstance(thrown)
      ? thrown
      : new GatewayError('upstream_connection', { message: `The connection to provider ${providerId} failed while reading its answer.`, cause: thrown });
  }
  const bytes = concatBytes(chunks, size);
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    throw new GatewayError('upstream_bad_response', { message: `Provider ${providerId} sent an answer that is not complete JSON.` });
  }
  return { status: response.status, headers: response.headers, cancel: () => response.cancel(), bytes, value };
}
