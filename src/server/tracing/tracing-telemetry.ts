import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { GatewayError } from '../../core/errors/gateway-error.ts';
import { genAiOperation, genAiProvider } from '../metrics/gen-ai-provider.ts';
import type { AttemptTelemetry, Completion, HeaderReader, PipelineContext, RequestTelemetry, RouteCandidate } from '../pipeline/context.ts';
import type { Telemetry } from '../pipeline/request-telemetry.ts';

const propagator = new W3CTraceContextPropagator();
const headerGetter = {
  get: (carrier: HeaderReader, key: string) => carrier.get(key) ?? undefined,
  keys: () => ['traceparent', 'tracestate'],
};
const headerSetter = { set: (carrier: Record<string, string>, key: string, value: string) => void (carrier[key] = value) };

const paths: Record<string, string> = { 'openai:chat': '/v1/chat/completions', 'anthropic:chat': '/v1/messages', 'openai:embeddings': '/v1/embeddings' };

/**
 * Tracing of model requests on an OpenTelemetry tracer: a server span per request (its parent the client's W3C
 * `traceparent` when one came), a span per pipeline stage covering the stage's own work until it hands on
 * (so the stages tile the request in order), and a client span per upstream call, carrying its own `traceparent` to
 * the provider. Attributes follow the GenAI semantic conventions (`gen_ai.*`) plus Sovereign's (`sovereign.*`);
 * never a prompt, an answer, a key or a header value.
 * @see https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/
 */
export function createTracingTelemetry(tracer: Tracer): Telemetry {
  const traced = new WeakMap<PipelineContext, TracedRequest>();
  return {
    begin(context) {
      const request = new TracedRequest(tracer, context);
      traced.set(context, request);
      context.finalizers.push((completion) => request.complete(completion));
      return request;
    },
    wrapStage(name, stage) {
      const spanName = `sovereign.stage ${name.replace(/Stage$/, '') || 'stage'}`;
      return function tracedStage(context, next) {
        const request = traced.get(context);
        if (!request) return stage(context, next);
        const span = tracer.startSpan(spanName, { kind: SpanKind.INTERNAL }, request.parent);
        request.stage = span;
        let ended = false;
        const end = (error?: unknown) => {
          if (ended) return;
          ended = true;
          if (error !== undefined) markError(span, error);
          if (request.stage === span) request.stage = undefined;
          span.end();
        };
        let result: Promise<void>;
        try {
          result = stage(context, () => {
            end();
            return next();
          });
        } catch (error) {
          end(error);
          throw error;
        }
        return result.then(
          () => end(),
          (error: unknown) => {
            end(error);
            throw error;
          },
        );
      };
    },
  };
}

/** One request's spans: the server span, the stage running now, the upstream calls that answered. */
class TracedRequest implements RequestTelemetry {
  readonly span: Span;
  readonly parent: Context;
  readonly traceId: string;
  readonly spanId: string;
  stage: Span | undefined;
  private answered: Array<{ span: Span; candidate: RouteCandidate }> | undefined;

  constructor(
    private readonly tracer: Tracer,
    private readonly context: PipelineContext,
  ) {
    const remote = context.headers.get('traceparent') === null ? ROOT_CONTEXT : propagator.extract(ROOT_CONTEXT, context.headers, headerGetter);
    const path = paths[`${context.dialect}:${context.endpoint}`] ?? '/v1';
    this.span = tracer.startSpan(
      `POST ${path}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': 'POST',
          'http.route': path,
          'gen_ai.operation.name': genAiOperation(context.endpoint),
          'sovereign.request.id': context.requestId,
          'sovereign.dialect': context.dialect,
        },
      },
      remote,
    );
    this.parent = trace.setSpan(remote, this.span);
    const spanContext = this.span.spanContext();
    this.traceId = spanContext.traceId;
    this.spanId = spanContext.spanId;
  }

  attempt(candidate: RouteCandidate): AttemptTelemetry {
    const provider = genAiProvider(candidate.provider);
    const operation = genAiOperation(candidate.model.capabilities.embeddings ? 'embeddings' : 'chat');
    const attributes: Attributes = {
      'gen_ai.operation.name': operation,
      'gen_ai.provider.name': provider.name,
      'gen_ai.request.model': candidate.upstreamModel,
      'sovereign.provider.id': candidate.providerId,
      'sovereign.jurisdiction': candidate.provider.jurisdiction,
      'sovereign.tier': candidate.provider.tier,
    };
    if (provider.serverAddress) attributes['server.address'] = provider.serverAddress;
    const parent = this.stage ? trace.setSpan(this.parent, this.stage) : this.parent;
    const span = this.tracer.startSpan(`${operation} ${candidate.upstreamModel}`, { kind: SpanKind.CLIENT, attributes }, parent);
    const headers: Record<string, string> = {};
    propagator.inject(trace.setSpan(ROOT_CONTEXT, span), headers, headerSetter);
    let ended = false;
    return {
      headers,
      answered: () => {
        if (ended) return;
        ended = true;
        span.addEvent('answered');
        // A whole answer is complete; a stream flows until the request completes: the span lasts until then.
        (this.answered ??= []).push({ span, candidate });
      },
      failed: (error: GatewayError) => {
        if (ended) return;
        ended = true;
        markError(span, error);
        span.end();
      },
    };
  }

  replied(status: number): void {
    this.span.setAttribute('http.response.status_code', status);
  }

  complete(completion: Completion): void {
    const context = this.context;
    const span = this.span;
    const served = context.outcome?.candidate;
    const usage = context.accounted?.usage;
    const attributes: Attributes = { 'http.response.status_code': completion.status, 'sovereign.outcome': completion.outcome };
    const decision = context.decision;
    if (decision) {
      // Only once routed: the requested model is then known to the catalogue (an unknown name is never kept).
      attributes['gen_ai.request.model'] = decision.requestedModel;
      attributes['sovereign.decision.id'] = decision.id;
      attributes['sovereign.strategy'] = decision.strategy;
    }
    if (context.principal) attributes['sovereign.tenant'] = context.principal.tenant;
    const matched = context.policy?.matched;
    if (matched) attributes['sovereign.policy.matched'] = [...matched];
    if (context.profile) attributes['sovereign.classification'] = context.profile.classification;
    if (served) {
      const provider = genAiProvider(served.provider);
      attributes['gen_ai.provider.name'] = provider.name;
      attributes['gen_ai.response.model'] = served.upstreamModel;
      attributes['sovereign.provider.id'] = served.providerId;
      attributes['sovereign.jurisdiction'] = served.provider.jurisdiction;
      attributes['sovereign.tier'] = served.provider.tier;
    }
    const cache = context.responseHeaders['x-sovereign-cache'];
    if (cache) attributes['sovereign.cache'] = cache;
    if (usage) {
      attributes['gen_ai.usage.input_tokens'] = usage.inputTokens;
      attributes['gen_ai.usage.output_tokens'] = usage.outputTokens;
      if (usage.cachedInputTokens) attributes['gen_ai.usage.cache_read.input_tokens'] = usage.cachedInputTokens;
      attributes['sovereign.cost_usd'] = (context.accounted?.costNanoUsd ?? 0) / 1e9;
    }
    if (completion.ttftMs !== undefined) attributes['sovereign.ttft_ms'] = completion.ttftMs;
    span.setAttributes(attributes);
    for (const call of this.answered ?? []) {
      if (call.candidate === served && usage) {
        call.span.setAttributes({ 'gen_ai.usage.input_tokens': usage.inputTokens, 'gen_ai.usage.output_tokens': usage.outputTokens, 'gen_ai.response.model': served.upstreamModel });
      }
      if (completion.outcome === 'error' && call.candidate === served && completion.error) markError(call.span, completion.error);
      call.span.end();
    }
    if (completion.error) markError(span, completion.error);
    else if (completion.outcome === 'cancelled') span.setAttribute('error.type', 'cancelled');
    span.end();
  }
}

/** Marks a span failed with the catalogued code as `error.type`; the message is the catalogue's, never content. */
function markError(span: Span, error: unknown): void {
  const code = (error as Partial<GatewayError> | null)?.code;
  span.setAttribute('error.type', typeof code === 'string' ? code : 'internal_error');
  span.setStatus({ code: SpanStatusCode.ERROR, ...(typeof code === 'string' ? { message: code } : {}) });
}
