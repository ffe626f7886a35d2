import type { EmbeddingRequest } from '../core/canonical/request.ts';
import type { CascadeCheckOptions } from '../core/cascade/cascade-checks.ts';
import { matchModelPattern } from '../core/catalog/model-patterns.ts';
import type { AuditLog } from '../security/audit/audit-log.ts';
import type { BudgetGuard } from '../security/budget/budget-guard.ts';
import type { KeyStore } from '../security/key-store.ts';
import type { RateLimiter } from '../security/rate-limit/rate-limiter.ts';
import type { Ledger } from '../store/ledger.ts';
import type { CatalogIndex } from './catalog-index.ts';
import type { GatewayConfig } from './config/config-schema.ts';
import type { DecisionStore } from './decision-store.ts';
import type { DialectCodec } from './dialects/dialect-codec.ts';
import type { Logger } from './logger.ts';
import type { Authenticated, Cached, ClientDialect, Ingressed, PipelineContext, Routed } from './pipeline/context.ts';
import { pipeline, type PipelineBuilder, type StageWrapper } from './pipeline/pipeline-builder.ts';
import type { Telemetry } from './pipeline/request-telemetry.ts';
import type { Stage } from './pipeline/stage.ts';
import type { CircuitBreaker } from './reliability/circuit-breaker.ts';
import type { ProviderLatency } from './reliability/latency-window.ts';
import type { ResponseStore } from './responses/response-store.ts';
import { createSovereigntyStages, type SovereigntyDependencies } from './sovereignty-stages.ts';
import type { Sovereignty } from './sovereignty.ts';
import { account } from './stages/account.ts';
import { audit } from './stages/audit.ts';
import { authenticate } from './stages/authenticate.ts';
import { authorize } from './stages/authorize.ts';
import { cascade } from './stages/cascade.ts';
import { compress, promptCacheBreakpoints } from './stages/compress.ts';
import { dispatch } from './stages/dispatch.ts';
import { ingressChat, ingressEmbeddings } from './stages/ingress.ts';
import { ingressResponses } from './stages/ingress-responses.ts';
import { redact } from './stages/redact.ts';
import { reserve } from './stages/reserve.ts';
import { verifyTransport } from './stages/verify-transport.ts';
import type { ProviderTransports } from './tls/provider-transports.ts';

/** What the stages around every request need: audit, account, authenticate, authorize and reserve. */
export interface GuardDependencies {
  keys: KeyStore;
  auditLog: AuditLog;
  budgets: BudgetGuard;
  rateLimiter: RateLimiter;
  ledger: Ledger;
  logger: Logger;
}

/** What the ingress stages (and redaction, which parses a rewritten body again) need. */
export interface IngressDependencies {
  codecs: Record<ClientDialect, DialectCodec>;
  embeddings: { parse(body: unknown): EmbeddingRequest & { encodingFormat?: 'float' | 'base64' } };
  catalog: CatalogIndex;
  /** The Responses API's stored answers (`store`, `previous_response_id`). */
  responses: ResponseStore;
  logger: Logger;
}

/** What route, cascade and dispatch need besides the wrapped adapters (`withReliability` feeds `health` and `latency`). */
export interface DeliveryDependencies {
  /** The providers' circuit breakers: the route stage reads them; every call feeds them through its wrapped adapter. */
  health: CircuitBreaker;
  /** The latency windows the providers' wrapped adapters record, for dispatch's hedge delay. */
  latency?: ProviderLatency;
  /** The cascade checks, compiled at start-up. */
  cascade: CascadeCheckOptions;
}

/** The stages that exist only when configured, built by the gateway. */
export interface OptionalStages {
  /** The response cache (`cache.enabled`): after route, it needs the compliance boundary. */
  cache?: Stage<Routed, Cached>;
  /** The extraction guard (`extraction.enabled`): after authorize, it needs the principal. */
  extraction?: Stage<Authenticated>;
  /** What each provider's connections negotiate, verified before a request that requires post-quantum transport. */
  transports?: ProviderTransports;
  /** Metrics and tracing: tracing wraps each stage of the model pipelines in a span. */
  telemetry?: Telemetry;
}

/** Everything the model pipelines are built from, by stage group. */
export interface PipelineDependencies extends GuardDependencies, IngressDependencies, SovereigntyDependencies, DeliveryDependencies, OptionalStages {
  config: Pick<GatewayConfig, 'tenants' | 'server' | 'routing' | 'compression' | 'promptCaching' | 'limits'>;
  /** The policies per tenant (enforce, redact), the router (route) and the live statistics (dispatch, cascade). */
  sovereignty: Pick<Sovereignty, 'policiesFor' | 'router' | 'stats'>;
  /** Where route keeps what it decided (`GET /v1/decisions/:id`). */
  decisions: DecisionStore;
}

/** One composed pipeline per model endpoint; a request's context goes in, `context.outcome` comes out. */
export interface ModelPipelines {
  openai: (context: PipelineContext) => Promise<void>;
  anthropic: (context: PipelineContext) => Promise<void>;
  'openai-responses': (context: PipelineContext) => Promise<void>;
  /** `POST /v1/responses/compact`. */
  compact: (context: PipelineContext) => Promise<void>;
  embeddings: (context: PipelineContext) => Promise<void>;
  /** `POST /v1/messages/count_tokens`: who, what it carries and where it may go; nothing is sent. */
  countTokens: (context: PipelineContext) => Promise<void>;
}

/**
 * Builds the model pipelines once, at start-up, in the order the stages' types require (a stage placed before
 * the stage that adds what it needs does not compile). Only the ingress differs between the chat, Responses and
 * embeddings pipelines; count_tokens runs the same checks as a message and stops after route.
 */
export function buildPipeline(dependencies: PipelineDependencies): ModelPipelines {
  const { config, codecs, catalog, telemetry } = dependencies;
  const knowsModel = catalog.knowsModel;
  const tenantRateLimits = (tenant: string) => config.tenants[tenant]?.rateLimits;
  const decide = createSovereigntyStages(dependencies, dependencies.decisions);
  const auditStage = audit(dependencies.auditLog);
  const authenticateStage = authenticate(dependencies.keys);
  const authorizeStage = authorize({ rateLimiter: dependencies.rateLimiter, tenantRateLimits });
  const guarded = pipeline()
    .use(auditStage)
    .use(account({ budgets: dependencies.budgets, rateLimiter: dependencies.rateLimiter, ledger: dependencies.ledger, logger: dependencies.logger }))
    .use(authenticateStage);
  // Tracing wraps each stage in a span, once, here; without it the stages run as they are.
  const wrap: StageWrapper | undefined = telemetry?.wrapStage ? (stage) => telemetry.wrapStage!(stage.name, stage) : undefined;
  const afterIngress = <Have extends Authenticated & Ingressed>(ingressed: PipelineBuilder<object, Have>) =>
    ingressed
      .use(authorizeStage)
      .useOptional(dependencies.extraction)
      .use(decide.profile)
      .use(decide.enforce)
      .useOptional(dependencies.transports ? verifyTransport(dependencies.transports) : undefined)
      .use(
        redact({
          maxJsonDepth: config.server.maxJsonDepth,
          policiesFor: dependencies.sovereignty.policiesFor,
          reparse(context, body) {
            if (context.endpoint === 'embeddings') context.embeddingRequest = dependencies.embeddings.parse(body);
            else if (context.responses?.rebuild) context.request = context.responses.rebuild(body);
            else context.request = codecs[context.dialect].parseChatRequest(body);
          },
        }),
      )
      .use(compress(config.compression))
      .use(decide.route)
      .useOptional(dependencies.cache)
      .useOptional(config.promptCaching.anthropicBreakpoints ? promptCacheBreakpoints({ ttl: config.promptCaching.ttl }) : undefined)
      .use(
        reserve({
          budgets: dependencies.budgets,
          rateLimiter: dependencies.rateLimiter,
          tenantRateLimits,
          maxFallbacks: config.routing.maxFallbacks,
          defaultOutputTokens: config.limits.defaultOutputTokens,
        }),
      )
      .use(cascade(dependencies.cascade))
      .use(
        dispatch({
          maxFallbacks: config.routing.maxFallbacks,
          retry: config.routing.retry,
          hedging: config.routing.hedging,
          ...(dependencies.latency ? { latency: dependencies.latency } : {}),
        }),
      )
      .build(wrap);
  const responsesOptions = { store: dependencies.responses, logger: dependencies.logger, contextWindow: largestContextWindow(catalog), knowsModel };
  // Counting tokens runs the same checks as a message (who, what it carries, where it may go), then counts.
  const countTokensCodec: DialectCodec = { ...codecs.anthropic, parseChatRequest: (body) => codecs.anthropic.parseChatRequest(withMaxTokens(body)) };
  return {
    openai: afterIngress(guarded.use(ingressChat(codecs.openai, knowsModel))),
    anthropic: afterIngress(guarded.use(ingressChat(codecs.anthropic, knowsModel))),
    'openai-responses': afterIngress(guarded.use(ingressResponses({ ...responsesOptions }))),
    compact: afterIngress(guarded.use(ingressResponses({ ...responsesOptions, compact: true }))),
    embeddings: afterIngress(guarded.use(ingressEmbeddings(dependencies.embeddings.parse, knowsModel))),
    countTokens: pipeline()
      .use(auditStage)
      .use(authenticateStage)
      .use(ingressChat(countTokensCodec, knowsModel))
      .use(authorizeStage)
      .use(decide.profile)
      .use(decide.enforce)
      .use(decide.route)
      .build(),
  };
}

/** The largest context window among the chat models a name (model, alias, pattern or `auto`) reaches; undefined for none. */
function largestContextWindow(catalog: CatalogIndex): (model: string) => number | undefined {
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
