import type { ChatRequest } from '../../core/canonical/request.ts';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { CallOptions } from '../../core/provider/adapter.ts';
import { upstreamError } from '../../providers/shared/upstream-error.ts';
import type { Stage } from '../pipeline/compose.ts';
import type { DispatchOutcome, PipelineContext, RouteCandidate } from '../pipeline/context.ts';
import type { ProviderHealth } from '../provider-health.ts';

export interface DispatchOptions {
  health: ProviderHealth;
  /** Further candidates to try after a retryable failure. */
  maxFallbacks: number;
  /** The path of the chat endpoint in each dialect, relative to an adapter's base URL, for the pass-through path. */
  passthroughPaths: Record<string, string>;
}

/**
 * Sends the request to the first candidate that answers, in the decision's order. A retryable failure
 * (connection, 5xx, 429, timeout, or a stream that fails before any content) moves on to the next candidate;
 * a non-retryable one is answered at once. Candidates come only from the decision, so a fallback can never
 * reach a provider the route stage did not allow.
 */
export function dispatch(options: DispatchOptions): Stage<PipelineContext> {
  return async function dispatchStage(context, next) {
    const decision = context.decision;
    if (!decision) throw new GatewayError('internal_error', { message: 'dispatch ran without a decision' });
    const candidates = decision.candidates.slice(0, 1 + options.maxFallbacks);
    const callOptions: CallOptions = { signal: context.signal };
    let lastError: GatewayError | undefined;
    const errors: GatewayError[] = [];
    for (const candidate of candidates) {
      if (context.signal.aborted) break;
      try {
        context.outcome = await callCandidate(context, candidate, callOptions, options);
        options.health.recordSuccess(candidate.providerId);
        decision.attempts.push({ providerId: candidate.providerId, model: candidate.model.name, outcome: 'ok' });
        context.responseHeaders['x-sovereign-provider'] = candidate.providerId;
        await next();
        return;
      } catch (thrown) {
        const error = GatewayError.from(thrown);
        decision.attempts.push({
          providerId: candidate.providerId,
          model: candidate.model.name,
          outcome: 'error',
          code: error.code,
          error: error.message,
        });
        if (error.retryable) options.health.recordFailure(candidate.providerId);
        if (!error.retryable || context.signal.aborted) throw error;
        lastError = error;
        errors.push(error);
      }
    }
    if (context.signal.aborted) throw new GatewayError('upstream_timeout', { message: 'The client went away.', retryable: false });
    throw finalError(errors, lastError);
  };
}

function finalError(errors: GatewayError[], lastError: GatewayError | undefined): GatewayError {
  if (!lastError) return new GatewayError('no_healthy_candidate');
  if (errors.length === 1) return lastError;
  if (errors.every((error) => error.code === 'upstream_rate_limited')) {
    const waits = errors.map((error) => error.retryAfterSeconds ?? 1);
    return new GatewayError('upstream_rate_limited', {
      message: `Every provider allowed for this request is rate limiting (${errors.length} tried).`,
      retryAfterSeconds: Math.min(...waits),
    });
  }
  return new GatewayError('no_healthy_candidate', {
    message: `Every provider allowed for this request failed (${errors.length} tried; last: ${lastError.message})`,
    details: { attempts: errors.map((error) => error.code) },
    ...(lastError.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: lastError.retryAfterSeconds }),
  });
}

async function callCandidate(
  context: PipelineContext,
  candidate: RouteCandidate,
  callOptions: CallOptions,
  options: DispatchOptions,
): Promise<DispatchOutcome> {
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
  const passthroughPath = options.passthroughPaths[adapter.dialect];
  // An OpenAI stream carries usage only with `include_usage`: without it, take the canonical path (the adapter asks
  // for usage itself) so the request can be accounted exactly.
  const usageInBand = !request.stream || context.dialect === 'anthropic' || request.includeUsage === true;
  if (context.passthrough && usageInBand && adapter.dialect === context.dialect && adapter.doPassthrough && context.body && passthroughPath) {
    const response = await adapter.doPassthrough(
      { path: passthroughPath, body: { ...context.body, model: candidate.upstreamModel }, stream: request.stream },
      callOptions,
    );
    // Adapters throw catalogued errors for non-2xx answers; this guards one that relays them raw.
    if (response.status >= 400) {
      const text = await readText(response.body);
      throw upstreamError(response.status, response.headers, text, candidate.providerId);
    }
    return { kind: 'passthrough', candidate, stream: request.stream, ...response };
  }
  const upstreamRequest: ChatRequest = { ...request, model: candidate.upstreamModel };
  if (request.stream) {
    const { stream } = await adapter.doStream(upstreamRequest, callOptions);
    return { kind: 'stream', candidate, stream: await untilFirstContent(stream, candidate.providerId) };
  }
  const { result } = await adapter.doGenerate(upstreamRequest, callOptions);
  return { kind: 'result', candidate, result };
}

const contentParts = new Set<StreamPart['type']>(['text-delta', 'tool-input-start', 'tool-input-delta', 'finish']);

/**
 * Reads a stream until its first content part, so a provider that fails before sending anything (an error
 * part, or a stream that just ends) can be replaced by the next candidate without the client noticing.
 * Returns a stream that replays what was read, then the rest.
 */
async function untilFirstContent(stream: AsyncIterable<StreamPart>, providerId: string): Promise<AsyncIterable<StreamPart>> {
  const iterator = stream[Symbol.asyncIterator]();
  const buffered: StreamPart[] = [];
  for (;;) {
    const step = await iterator.next();
    if (step.done) {
      throw new GatewayError('stream_truncated', { message: `Provider ${providerId} ended its stream before sending anything.` });
    }
    const part = step.value;
    if (part.type === 'error') {
      await iterator.return?.();
      throw part.error;
    }
    buffered.push(part);
    if (contentParts.has(part.type)) break;
  }
  return {
    [Symbol.asyncIterator]() {
      let index = 0;
      return {
        next: () => (index < buffered.length ? Promise.resolve({ done: false, value: buffered[index++]! }) : iterator.next()),
        return: async (value?: unknown) => {
          await iterator.return?.(value);
          return { done: true, value: undefined };
        },
      };
    },
  };
}

async function readText(body: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of body) {
    text += decoder.decode(chunk, { stream: true });
    if (text.length > 65_536) break;
  }
  return text + decoder.decode();
}
