import { shownText } from '../core/errors/shown-text.ts';
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { EmbeddingRequest, EmbeddingResult } from '../core/canonical/request.ts';
import { GatewayError } from '../core/errors/gateway-error.ts';
import { createIdGenerator } from '../core/ids.ts';
import type { KeyStore } from '../security/key-store.ts';
import type { Principal } from '../core/principal.ts';
import type { CatalogIndex } from './catalog-index.ts';
import { matchModelPattern } from '../core/catalog/model-patterns.ts';
import type { GatewayConfig } from './config/config-schema.ts';
import type { DecisionStore } from './decision-store.ts';
import type { ComponentStatus } from './open-stores.ts';
import type { DialectCodec } from './dialects/dialect-codec.ts';
import type { JsonBody } from './http/read-json-body.ts';
import type { JsonBodyLimits } from './http/parse-json-body.ts';
import type { Reply } from './http/reply.ts';
import { requestLineLogger, type Logger } from './logger.ts';
import { compose, type Stage } from './pipeline/compose.ts';
import type { ClientDialect, HeaderReader, PipelineContext } from './pipeline/context.ts';
import type { CircuitBreaker } from './reliability/circuit-breaker.ts';
import type { ProviderLatency } from './reliability/latency-window.ts';
import { authenticate, principalOf } from './stages/authenticate.ts';
import { dispatch } from './stages/dispatch.ts';
import { ingressChat, ingressEmbeddings } from './stages/ingress.ts';
import { ingressResponses } from './stages/ingress-responses.ts';
import type { ResponseStore } from './responses/response-store.ts';
import { createResponseRoutes } from './responses/response-routes.ts';
import { recordRefusal } from './stages/route.ts';
import { cascade } from './stages/cascade.ts';
import { compress, promptCacheBreakpoints } from './stages/compress.ts';
import type { CascadeCheckOptions } from '../core/cascade/cascade-checks.ts';
import { verifyTransport } from './stages/verify-transport.ts';
import type { ProviderTransports } from './tls/provider-transports.ts';
import { redact } from './stages/redact.ts';
import type { Sovereignty } from './sovereignty.ts';
import { createSovereigntyStages } from './sovereignty-stages.ts';
import { respond } from './egress.ts';
import { countTokensReply } from './count-tokens.ts';
import { finalize } from './pipeline/finalize.ts';
import { authorize } from './stages/authorize.ts';
import { reserve } from './stages/reserve.ts';
import { account } from './stages/account.ts';
import { audit } from './stages/audit.ts';
import type { AuditLog } from '../security/audit/audit-log.ts';
import type { BudgetGuard } from '../security/budget/budget-guard.ts';
import type { RateLimiter } from '../security/rate-limit/rate-limiter.ts';
import type { Ledger } from '../store/ledger.ts';
import type { ToolResultMemory } from '../mcp/tool-result-memory.ts';
import type { Telemetry } from './pipeline/request-telemetry.ts';
import { clientTraceId } from './tracing/client-trace-id.ts';
import type { ConnectionSecurity } from '../core/transport/transport-security.ts';

/** Everything the HTTP app needs, built once by `startGateway` (or by a test). */
export interface GatewayServices {
  config: GatewayConfig;
  catalog: CatalogIndex;
  keys: KeyStore;
  decisions: DecisionStore;
  /** Where shared state lives and how each backing service is doing (absent in tests that build services by hand). */
  stores?: { backend: 'sqlite' | 'postgres'; location: string; redis?: string; status(): Record<string, ComponentStatus> };
  /** The providers' circuit breakers: the route stage reads them; every call feeds them (`withReliability`). */
  health: CircuitBreaker;
  /** The latency windows the providers' wrapped adapters record, for dispatch's hedge delay (`withReliability`). */
  latency?: ProviderLatency;
  logger: Logger;
  codecs: Record<ClientDialect, DialectCodec>;
  embeddings: {
    parse(body: unknown): EmbeddingRequest & { encodingFormat?: 'float' | 'base64' };
    encode(result: EmbeddingResult, model: string, encodingFormat?: 'float' | 'base64'): object;
  };
  encodeModelList(models: Array<{ id: string; ownedBy: string }>): object;
  sovereignty: Sovereignty;
  /** The cascade checks, compiled at start-up. */
  cascade: CascadeCheckOptions;
  /** The response cache stage, when enabled (after route: it needs the compliance boundary). */
  cache?: Stage<PipelineContext>;
  /** The extraction guard stage, when `extraction.enabled` (after authorize: it needs the principal). */
  extraction?: Stage<PipelineContext>;
  auditLog: AuditLog;
  budgets: BudgetGuard;
  rateLimiter: RateLimiter;
  ledger: Ledger;
  /** Classified MCP tool results remembered per caller (`mcp.resultMemory`); the profile stage holds later requests to them. */
  toolResultMemory?: ToolResultMemory;
  /** The Responses API's stored answers (`store`, `previous_response_id`, `GET /v1/responses/{id}`). */
  responses: ResponseStore;
  /** Routes mounted under `/admin` (keys, usage): a Hono sub-app with its own context variables. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Env: mounting reads only the routes
  admin?: Hono<any>;
  /** Metrics and tracing of model requests; absent when both are off (nothing is called then). */
  telemetry?: Telemetry;
  /** The edge tier's routes (`/v1/edge/*`, `/sdk/*`, `/ui/edge`), when `edge.enabled`. */
  edge?: Hono;
  /** Sovereign's MCP server (`/mcp`), when `mcp.enabled` (see `src/mcp/mcp-endpoint.ts`). */
  mcp?: Hono;
  /** Routes the app serves besides its own (`/metrics`, `/ui`), mounted after the edge tier's (`/ui/edge` is its). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Env: mounting reads only the routes
  extraRoutes?: Array<{ path: string; app: Hono<any> }>;
  /** Shared, mutable run state: readiness and in-flight requests (for graceful shutdown). */
  state: { ready: boolean; draining: boolean; inflight: number };
  /** What each provider's connections negotiate (post-quantum or not), verified before a request that requires it. */
  transports?: ProviderTransports;
}

/** A model endpoint: the dialect its clients speak and what it serves. */
export interface ModelRoute {
  dialect: ClientDialect;
  endpoint: PipelineContext['endpoint'];
  /** `POST /v1/responses/compact`: the Responses pipeline, summarising instead of answering. */
  compact?: boolean;
  /** Counts the request's input tokens instead of answering it (`/v1/messages/count_tokens`). */
  countTokens?: true;
}

/** The model endpoints, by path: served by {@link createModelHandler} (POST), answered 405 by the app otherwise. */
export const modelRoutes: ReadonlyMap<string, ModelRoute> = new Map([
  ['/v1/chat/completions', { dialect: 'openai', endpoint: 'chat' }],
  ['/v1/messages', { dialect: 'anthropic', endpoint: 'chat' }],
  ['/v1/responses', { dialect: 'openai-responses', endpoint: 'chat' }],
  ['/v1/responses/compact', { dialect: 'openai-responses', endpoint: 'chat', compact: true }],
  ['/v1/messages/count_tokens', { dialect: 'anthropic', endpoint: 'chat', countTokens: true }],
  ['/v1/embeddings', { dialect: 'openai', endpoint: 'embeddings' }],
]);

/** One model request as the HTTP server hands it over. */
export interface ModelExchange {
  headers: HeaderReader;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** Reads the JSON body within the configured limits (size, nesting). */
  readBody(limits: JsonBodyLimits): Promise<JsonBody>;
  /**
   * The caller, when an in-process caller authenticated it already (the MCP `chat` tool, whose caller showed its key
   * to `/mcp`); the authenticate stage then reads no key. Never set from anything a client sends.
   */
  principal?: Principal;
  /** The socket peer's address. */
  remoteAddress?: string;
  /** What the client's connection negotiated, when the listener serves TLS. */
  transport?: ConnectionSecurity;
}

/**
 * The model endpoints' handler: runs the route's pipeline (composed once here) and answers with a {@link Reply}
 * in the client's dialect, whatever happened; it never throws. The server writes the reply (see `writeReply`).
 */
export function createModelHandler(services: GatewayServices): (route: ModelRoute, exchange: ModelExchange) => Promise<Reply> {
  const newRequestId = createIdGenerator('req');
  const { config, codecs } = services;
  const sovereigntyStages = createSovereigntyStages(services, services.decisions);
  const maxJsonDepth = config.server.maxJsonDepth;
  const dispatchStage = dispatch({
    maxFallbacks: config.routing.maxFallbacks,
    retry: config.routing.retry,
    hedging: config.routing.hedging,
    ...(services.latency ? { latency: services.latency } : {}),
  });
  const tenantRateLimits = (tenant: string) => config.tenants[tenant]?.rateLimits;
  // The stages every model request runs, in order; ingress is the only one that differs by endpoint.
  const around = [
    audit(services.auditLog),
    account({ budgets: services.budgets, rateLimiter: services.rateLimiter, ledger: services.ledger, logger: services.logger }),
    authenticate(services.keys),
  ];
  const after = [
    authorize({ rateLimiter: services.rateLimiter, tenantRateLimits }),
    ...(services.extraction ? [services.extraction] : []),
    sovereigntyStages.profile,
    sovereigntyStages.enforce,
    ...(services.transports ? [verifyTransport(services.transports)] : []),
    redact({
      maxJsonDepth,
      policiesFor: services.sovereignty.policiesFor,
      reparse(context, body) {
        if (context.endpoint === 'embeddings') context.embeddingRequest = services.embeddings.parse(body);
        else if (context.responses?.rebuild) context.request = context.responses.rebuild(body);
        else context.request = codecs[context.dialect].parseChatRequest(body);
      },
    }),
    compress(config.compression),
    sovereigntyStages.route,
    ...(services.cache ? [services.cache] : []),
    ...(config.promptCaching.anthropicBreakpoints ? [promptCacheBreakpoints({ ttl: config.promptCaching.ttl })] : []),
    reserve({
      budgets: services.budgets,
      rateLimiter: services.rateLimiter,
      tenantRateLimits,
      maxFallbacks: config.routing.maxFallbacks,
      defaultOutputTokens: config.limits.defaultOutputTokens,
    }),
    cascade(services.cascade),
    dispatchStage,
  ];
  const knowsModel = services.catalog.knowsModel;
  const telemetry = services.telemetry;
  // Tracing wraps each stage in a span, once, here; without it the stages run as they are.
  const wrap = telemetry?.wrapStage ? (stages: Stage<PipelineContext>[]) => stages.map((stage) => telemetry.wrapStage!(stage.name, stage)) : (stages: Stage<PipelineContext>[]) => stages;
  const responsesOptions = { store: services.responses, logger: services.logger, contextWindow: largestContextWindow(services.catalog), knowsModel };
  const pipelines = {
    openai: compose<PipelineContext>(wrap([...around, ingressChat(codecs.openai, knowsModel), ...after])),
    anthropic: compose<PipelineContext>(wrap([...around, ingressChat(codecs.anthropic, knowsModel), ...after])),
    'openai-responses': compose<PipelineContext>(wrap([...around, ingressResponses({ ...responsesOptions }), ...after])),
    compact: compose<PipelineContext>(wrap([...around, ingressResponses({ ...responsesOptions, compact: true }), ...after])),
    embeddings: compose<PipelineContext>(wrap([...around, ingressEmbeddings(services.embeddings.parse, knowsModel), ...after])),
  };
  // Counting tokens runs the same checks as a message (who, what it carries, where it may go), then counts.
  const countTokensCodec: DialectCodec = { ...codecs.anthropic, parseChatRequest: (body) => codecs.anthropic.parseChatRequest(withMaxTokens(body)) };
  const countTokensPipeline = compose<PipelineContext>([
    audit(services.auditLog),
    authenticate(services.keys),
    ingressChat(countTokensCodec, knowsModel),
    authorize({ rateLimiter: services.rateLimiter, tenantRateLimits }),
    sovereigntyStages.profile,
    sovereigntyStages.enforce,
    sovereigntyStages.route,
  ]);
  const bodyLimits: JsonBodyLimits = { bodyLimitBytes: config.server.bodyLimitBytes, maxJsonDepth: config.server.maxJsonDepth };
  const requestLog = requestLineLogger(services.logger);

  return async function handleModelRequest(modelRoute: ModelRoute, exchange: ModelExchange): Promise<Reply> {
    const { dialect, endpoint } = modelRoute;
    const codec = codecs[dialect];
    const context = createContext(exchange, dialect, endpoint, newRequestId(), bodyLimits);
    if (services.state.draining) return errorReply(codec, new GatewayError('shutting_down'), context);
    const observed = telemetry?.begin(context);
    if (observed) context.telemetry = observed;
    services.state.inflight++;
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        services.state.inflight--;
      }
    };
    try {
      if (modelRoute.countTokens) {
        await countTokensPipeline(context);
        const reply = await countTokensReply(context, services.logger);
        release();
        log(requestLog, context, reply.status);
        return reply;
      }
      await (endpoint === 'embeddings' ? pipelines.embeddings : modelRoute.compact ? pipelines.compact : pipelines[dialect])(context);
      const reply = await respond(context, codec, services, release);
      context.telemetry?.replied(reply.status);
      log(requestLog, context, reply.status);
      return reply;
    } catch (thrown) {
      const error = GatewayError.from(thrown);
      if (error.code === 'internal_error') services.logger.error({ requestId: context.requestId, err: thrown }, 'internal error');
      else recordRefusal(context, error, services.decisions, context.headers.get('x-sovereign-strategy') ?? config.routing.defaultStrategy);
      // The encoders answer with the catalogue status; the reply itself is built after finalize (which may add headers).
      await finalize(context, { status: error.status, outcome: context.signal.aborted ? 'cancelled' : 'error', error }, services.logger);
      release();
      const reply = errorReply(codec, error, context);
      context.telemetry?.replied(reply.status);
      log(requestLog, context, reply.status, error.code);
      return reply;
    }
  };
}

/**
 * The gateway's HTTP app for everything but the model endpoints' POSTs (health, models, decisions, admin, and the
 * answers to wrong methods and paths). Every error is answered in the client's dialect; nothing escapes as a bare 500.
 */
export function createApp(services: GatewayServices): Hono {
  const app = new Hono();
  const { codecs } = services;

  // Alive and ready while a shared store is away (the spool keeps what it cannot take), but saying so.
  const components = () => {
    const status = services.stores?.status() ?? {};
    const degraded = Object.values(status).some((component) => component.status === 'degraded');
    return Object.keys(status).length === 0 ? {} : { ...(degraded ? { degraded: true } : {}), components: status };
  };
  app.get('/healthz', (c) => c.json({ status: 'ok', ...components() }));
  app.get('/readyz', (c) =>
    services.state.ready && !services.state.draining
      ? c.json({ status: 'ready', ...components() })
      : c.json({ status: services.state.draining ? 'draining' : 'starting' }, 503),
  );

  app.get('/v1/models', (c) => {
    const dialect = dialectOf(c);
    try {
      principalOf(c.req.raw.headers, services.keys);
    } catch (error) {
      return errorResponse(codecs[dialect], GatewayError.from(error));
    }
    const models = services.catalog.publicModels();
    if (dialect === 'anthropic') {
      const data = models.map((model) => ({ type: 'model', id: model.id, display_name: model.id, created_at: '2026-01-01T00:00:00Z' }));
      return c.json({ data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
    }
    return c.json(services.encodeModelList(models.map((model) => ({ id: model.id, ownedBy: model.providers.join(',') }))));
  });

  app.route('/v1/responses', createResponseRoutes({ store: services.responses, keys: services.keys, bodyLimitBytes: services.config.server.bodyLimitBytes }));

  // One model as a client names it, in the shape of the client's dialect (Anthropic when `anthropic-version` is sent).
  app.get('/v1/models/:id{.+}', (c) => {
    const dialect = dialectOf(c);
    try {
      principalOf(c.req.raw.headers, services.keys);
      const id = c.req.param('id');
      const model = services.catalog.findModel(id);
      // The name is quoted only when it holds nothing the detectors find (it may be a pasted credential).
      if (!model) throw new GatewayError('model_not_found', { message: `The model ${shownText(id, 128)} does not exist or is not served by any provider.`, param: 'model' });
      if (dialect === 'anthropic') return c.json({ type: 'model', id: model.id, display_name: model.id, created_at: '2026-01-01T00:00:00Z' });
      const [encoded] = (services.encodeModelList([{ id: model.id, ownedBy: model.providers.join(',') }]) as { data: object[] }).data;
      return c.json(encoded);
    } catch (error) {
      return errorResponse(codecs[dialect], GatewayError.from(error));
    }
  });

  // The admin sub-app declares its own context variables; mounting only needs its routes.
  if (services.admin) app.route('/admin', services.admin);
  if (services.edge) app.route('/', services.edge);
  if (services.mcp) app.route('/mcp', services.mcp);
  for (const extra of services.extraRoutes ?? []) app.route(extra.path, extra.app);

  app.get('/v1/decisions/:id', async (c) => {
    const codec = codecs[dialectOf(c)];
    try {
      const principal = principalOf(c.req.raw.headers, services.keys);
      // A publishable edge key explains nothing: its decisions are made and explained in the browser.
      if (!principal.scopes.some((scope) => scope !== 'edge')) throw new GatewayError('permission_denied', { message: 'This API key may not read decisions (an edge key reaches chat completions only).' });
      const decision = await services.decisions.find(c.req.param('id'));
      // Another tenant's decision is reported as missing, not forbidden, so ids cannot be probed.
      if (!decision || decision.tenant !== principal.tenant) throw new GatewayError('not_found', { message: 'No such decision.' });
      return c.json(decision.view);
    } catch (error) {
      return errorResponse(codec, GatewayError.from(error));
    }
  });

  for (const path of modelRoutes.keys()) {
    app.all(path, (c) => errorResponse(codecs[dialectOf(c)], new GatewayError('method_not_allowed', { message: `Use POST ${path}.` })));
  }
  app.notFound((c) =>
    errorResponse(codecs[dialectOf(c)], new GatewayError('not_found', { message: `No route for ${c.req.method} ${new URL(c.req.url).pathname}.` })),
  );
  app.onError((error, c) => {
    services.logger.error({ err: error }, 'unhandled error');
    return errorResponse(codecs[dialectOf(c)], GatewayError.from(error));
  });
  return app;
}

/** The largest context window among the chat models a name (model, alias, pattern or `auto`) reaches; undefined for none. */
function largestContextWindow(catalog: GatewayServices['catalog']): (model: string) => number | undefined {
  return (model) => {
    let largest: number | undefined;
    for (const entry of catalog.entries) {
      if (entry.model.capabilities.embeddings) continue;
      if (model !== 'auto' && entry.model.name !== model && !entry.model.aliases.includes(model) && matchModelPattern(entry.model, model) === undefined) continue;
      largest = Math.max(largest ?? 0, entry.model.contextWindow);
    }
    return largest;
  };
}

/** A count_tokens body as a message request: `max_tokens` is not part of it. */
function withMaxTokens(body: unknown): unknown {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && !('max_tokens' in body) ? { ...body, max_tokens: 1 } : body;
}

function createContext(
  exchange: ModelExchange,
  dialect: ClientDialect,
  endpoint: PipelineContext['endpoint'],
  generatedId: string,
  bodyLimits: JsonBodyLimits,
): PipelineContext {
  const requestId = clientRequestId(exchange.headers.get('x-request-id')) ?? generatedId;
  return {
    requestId,
    dialect,
    endpoint,
    headers: exchange.headers,
    signal: exchange.signal,
    receivedAt: Date.now(),
    ...(exchange.remoteAddress === undefined ? {} : { clientAddress: exchange.remoteAddress }),
    ...(exchange.transport === undefined ? {} : { clientTransport: exchange.transport }),
    readBody: () => exchange.readBody(bodyLimits),
    passthrough: true,
    responseHeaders: { 'x-request-id': requestId },
    finalizers: [],
    ...(exchange.principal ? { principal: exchange.principal } : {}),
  };
}

/** An RFC 9562 UUID (any version), the only form of `x-request-id` accepted from a client. */
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The client's `x-request-id` when it is a UUID, in lower case; anything else is replaced by the gateway's own id.
 * The id is stored (ledger, audit log, request log, decisions) and echoed, so it must not be a place for data: a
 * UUID is 32 hex digits in a fixed layout, which no email, name, key or marking fits.
 */
export function clientRequestId(header: string | null): string | undefined {
  return header !== null && uuid.test(header) ? header.toLowerCase() : undefined;
}

/** Anthropic clients send `anthropic-version` (or use `/v1/messages`); everyone else is answered as OpenAI. */
function dialectOf(c: Context): ClientDialect {
  return c.req.header('anthropic-version') !== undefined || c.req.path.startsWith('/v1/messages') ? 'anthropic' : 'openai';
}

/** An error in the dialect's shape, with the request's response headers (`x-request-id`, ...) when there is one. */
export function errorReply(codec: DialectCodec, error: GatewayError, context?: PipelineContext): Reply & { body: string } {
  const encoded = codec.encodeError(error);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...encoded.headers };
  if (context) Object.assign(headers, context.responseHeaders);
  return { status: encoded.status, headers, body: JSON.stringify(encoded.body) };
}

export function errorResponse(codec: DialectCodec, error: GatewayError): Response {
  const reply = errorReply(codec, error);
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}

/** The trace ids of the request log line: the gateway's own span while tracing, else the client's trace if it sent one. */
function traceFields(context: PipelineContext): { traceId?: string; spanId?: string } {
  const telemetry = context.telemetry;
  if (telemetry?.traceId) return { traceId: telemetry.traceId, ...(telemetry.spanId ? { spanId: telemetry.spanId } : {}) };
  const traceId = clientTraceId(context.headers.get('traceparent'));
  return traceId ? { traceId } : {};
}

function log(logger: Logger, context: PipelineContext, status: number, code?: string): void {
  if (!logger.isLevelEnabled('info')) return;
  logger.info(
    {
      requestId: context.requestId,
      dialect: context.dialect,
      endpoint: context.endpoint,
      status,
      ...(code ? { code } : {}),
      tenant: context.principal?.tenant,
      model: context.request?.model ?? context.embeddingRequest?.model,
      provider: context.outcome?.candidate.providerId,
      decision: context.decision?.id,
      ...(context.clientTransport ? { clientTransport: context.clientTransport } : {}),
      ...traceFields(context),
      ms: Date.now() - context.receivedAt,
    },
    'request',
  );
}

