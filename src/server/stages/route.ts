import { GatewayError } from '../../core/errors/gateway-error.ts';
import { estimateInputTokens, strategies, type Decision, type Router, type Strategy } from '../../core/router/index.ts';
import type { CatalogEntry, CatalogIndex } from '../catalog-index.ts';
import type { DecisionStore } from '../decision-store.ts';
import type { Stage } from '../pipeline/compose.ts';
import type { PipelineContext, RouteCandidate, RouteDecision } from '../pipeline/context.ts';
import type { CircuitBreaker } from '../reliability/circuit-breaker.ts';
import { isModelAllowed, type ScopedPrincipal } from '../../security/keys/check-scope.ts';

export interface RouteOptions {
  catalog: CatalogIndex;
  router: Router;
  health: CircuitBreaker;
  decisions: DecisionStore;
  defaultStrategy: RouteStrategy;
  tenantStrategy(tenant: string): RouteStrategy | undefined;
  qualityFloor: number;
}

/**
 * Decides where the request may go and in which order: the router filters the candidates serving the requested
 * model (or every chat model for `auto`) by the constraints of the policies in force, export control and
 * capabilities, leaves out providers whose circuit is open, and ranks the rest by the strategy (the
 * `x-sovereign-strategy` header, else the tenant's default, else the configured one). No compliant candidate:
 * 403 `policy_denied` naming the policies; every compliant one down: 503. Nothing is sent in either case.
 */
export function route(options: RouteOptions): Stage<PipelineContext> {
  const entryByKey = new Map<string, CatalogEntry>();
  for (const entry of options.catalog.entries) entryByKey.set(`${entry.provider.id}\u0000${entry.model.name}`, entry);

  return function routeStage(context, next) {
    const principal = context.principal;
    const tenant = principal?.tenant ?? 'default';
    const strategy = strategyOf(context.headers.get('x-sovereign-strategy')) ?? options.tenantStrategy(tenant) ?? options.defaultStrategy;
    const request = context.request;
    const requestedModel = request?.model ?? context.embeddingRequest?.model ?? '';
    let candidates: RouteCandidate[];
    let explained: Decision | undefined;
    if (context.endpoint === 'embeddings') {
      candidates = embeddingCandidates(options.catalog.lookupEmbedding(requestedModel), options.health, requestedModel);
    } else {
      const decision = options.router.decide({
        model: requestedModel,
        // A cascade starts from the cheapest compliant candidate (the cascade stage escalates).
        strategy: strategy === 'cascade' ? 'cheapest' : strategy,
        constraints: context.policy?.constraints ?? [],
        matched: context.policy?.matched ?? [],
        errors: context.policy?.errors ?? [],
        ...(principal?.country ? { principalCountry: principal.country } : {}),
        requiredCapabilities: {
          tools: (request?.tools?.length ?? 0) > 0,
          vision: request?.messages.some((message) => message.content.some((part) => part.type === 'image')) ?? false,
          json: request?.responseFormat !== undefined && request.responseFormat.type !== 'text',
        },
        estimatedInputTokens: estimatedInputTokensOf(context),
        ...(request?.maxOutputTokens === undefined ? {} : { estimatedOutputTokens: request.maxOutputTokens }),
        ...(strategy === 'quality' ? { qualityFloor: options.qualityFloor } : {}),
        health: options.health.routingHealth,
      });
      explained = decision;
      candidates = [];
      for (const ranked of decision.candidates) {
        const entry = entryByKey.get(`${ranked.providerId}\u0000${ranked.model}`);
        if (entry) candidates.push(toCandidate(entry, ranked.estimatedCostUsd, ranked.score));
      }
    }
    if (principal && (principal as ScopedPrincipal).models !== undefined) {
      // A key limited to some models may not reach others through `auto` or an alias either.
      const allowed = candidates.filter((candidate) => isModelAllowed(principal, candidate.model.name));
      if (allowed.length === 0) throw new GatewayError('permission_denied', { message: `This key may not use the model "${requestedModel}".`, param: 'model' });
      candidates = allowed;
    }
    const decision = newDecision(context, tenant, requestedModel, strategy, candidates, explained?.id);
    if (explained) decision.explained = explained;
    context.decision = decision;
    context.responseHeaders['x-sovereign-decision'] = decision.id;
    options.decisions.put(decision);
    return next();
  };
}

let embeddingDecisions = 0;

function newDecision(
  context: PipelineContext,
  tenant: string,
  requestedModel: string,
  strategy: string,
  candidates: RouteCandidate[],
  id: string = `dec_e${(embeddingDecisions++).toString(36)}${context.requestId.slice(-8)}`,
): RouteDecision {
  return { id, requestId: context.requestId, createdAt: new Date(context.receivedAt).toISOString(), tenant, requestedModel, strategy, candidates, attempts: [] };
}

function embeddingCandidates(entries: readonly CatalogEntry[], health: CircuitBreaker, model: string): RouteCandidate[] {
  if (entries.length === 0) {
    throw new GatewayError('model_not_found', { message: `The embedding model "${model}" is not served by any configured provider.`, param: 'model' });
  }
  const candidates = entries.map((entry) => toCandidate(entry, entry.model.price.input / 1e6));
  return candidates.sort((left, right) => Number(health.isHealthy(right.providerId)) - Number(health.isHealthy(left.providerId)) || left.score - right.score);
}

function toCandidate(entry: CatalogEntry, estimatedCostUsd: number, score = estimatedCostUsd): RouteCandidate {
  return {
    providerId: entry.provider.id,
    provider: entry.provider,
    model: entry.model,
    upstreamModel: entry.model.upstreamName ?? entry.model.name,
    adapter: entry.adapter,
    score,
    estimatedCostUsd,
  };
}

/** The router's strategies, plus `cascade` (cheapest first, escalated by the cascade stage when a check fails). */
export type RouteStrategy = Strategy | 'cascade';
const routeStrategies: readonly RouteStrategy[] = [...strategies, 'cascade'];

function strategyOf(value: string | null): RouteStrategy | undefined {
  if (value === null || value.trim() === '') return undefined;
  const strategy = value.trim().toLowerCase() as RouteStrategy;
  if (!routeStrategies.includes(strategy)) {
    throw new GatewayError('invalid_request', {
      message: `x-sovereign-strategy must be one of ${routeStrategies.join(', ')}, not "${value}".`,
      param: 'x-sovereign-strategy',
    });
  }
  return strategy;
}

/** The request's input-token estimate, computed once per context (enforce and route both read it). */
export function estimatedInputTokensOf(context: PipelineContext): number {
  if (!context.request) return 0;
  context.estimatedInputTokens ??= estimateInputTokens(context.request);
  return context.estimatedInputTokens;
}
