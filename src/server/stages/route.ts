import type { ChatRequest } from '../../core/canonical/request.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { strategies, type Decision, type Router, type Strategy } from '../../core/router/index.ts';
import type { CatalogEntry, CatalogIndex } from '../catalog-index.ts';
import type { DecisionStore } from '../decision-store.ts';
import type { Stage } from '../pipeline/stage.ts';
import type { Authenticated, Enforced, PipelineContext, RouteCandidate, RouteDecision, Routed } from '../pipeline/context.ts';
import { estimatedInputTokensOf } from '../pipeline/estimated-input-tokens.ts';
import type { CircuitBreaker } from '../reliability/circuit-breaker.ts';
import { isModelAllowed, type ScopedPrincipal } from '../../security/keys/check-scope.ts';
import { anthropicOnlyFeatures } from '../dialects/anthropic/anthropic-only-features.ts';
import { matchModelPattern } from '../../core/catalog/model-patterns.ts';

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
 * Embeddings are decided by the same router under the same constraints (tier, clearance, jurisdictions,
 * providers, retention, residency): what a chat request may not send, an embeddings request may not either.
 */
export function route(options: RouteOptions): Stage<Authenticated & Enforced, Routed> {
  const entryByKey = new Map<string, CatalogEntry>();
  for (const entry of options.catalog.entries) entryByKey.set(`${entry.provider.id}\u0000${entry.model.name}`, entry);

  return function routeStage(context, next) {
    const principal = context.principal;
    const tenant = principal.tenant;
    const strategy = strategyOf(context.headers.get('x-sovereign-strategy')) ?? options.tenantStrategy(tenant) ?? options.defaultStrategy;
    const request = context.request;
    const requestedModel = request?.model ?? context.embeddingRequest?.model ?? '';
    const embeddings = context.endpoint === 'embeddings';
    const decision = options.router.decide({
      model: requestedModel,
      // A cascade starts from the cheapest compliant candidate (the cascade stage escalates).
      strategy: strategy === 'cascade' ? 'cheapest' : strategy,
      constraints: context.policy.constraints,
      matched: context.policy.matched,
      errors: context.policy.errors,
      ...(principal.country ? { principalCountry: principal.country } : {}),
      requiredCapabilities: {
        tools: (request?.tools?.length ?? 0) > 0,
        vision: request?.messages.some((message) => message.content.some((part) => part.type === 'image')) ?? false,
        json: request?.responseFormat !== undefined && request.responseFormat.type !== 'text',
      },
      estimatedInputTokens: estimatedInputTokensOf(context),
      ...(embeddings ? { estimatedOutputTokens: 0 } : request?.maxOutputTokens === undefined ? {} : { estimatedOutputTokens: request.maxOutputTokens }),
      ...(strategy === 'quality' && !embeddings ? { qualityFloor: options.qualityFloor } : {}),
      health: options.health.routingHealth,
    });
    let candidates: RouteCandidate[] = [];
    for (const ranked of decision.candidates) {
      const entry = entryByKey.get(`${ranked.providerId}\u0000${ranked.model}`);
      // An endpoint is served only by models made for it (a name could be shared by a chat and an embedding model).
      if (entry && entry.model.capabilities.embeddings === embeddings) candidates.push(toCandidate(entry, ranked.estimatedCostUsd, ranked.score, requestedModel));
    }
    if (request && context.dialect === 'anthropic') candidates = onlyAnthropicWhenNeeded(request, candidates);
    if ((principal as ScopedPrincipal).models !== undefined) {
      // A key limited to some models may not reach others through `auto` or an alias either.
      const allowed = candidates.filter((candidate) => isModelAllowed(principal, candidate.model.name));
      if (allowed.length === 0) throw new GatewayError('permission_denied', { message: `This key may not use the model "${requestedModel}".`, param: 'model' });
      candidates = allowed;
    }
    const routed = newDecision(context, tenant, requestedModel, strategy, candidates, decision.id);
    routed.explained = decision;
    context.decision = routed;
    context.responseHeaders['x-sovereign-decision'] = routed.id;
    options.decisions.put(routed);
    // Once the request is over (attempts and cascade filled in), a shared store writes the final decision.
    context.finalizers.push(() => options.decisions.settle(routed));
    return next();
  };
}

/**
 * A request using features only Anthropic providers carry out (server tools, context edits, MCP servers) goes only to
 * Anthropic candidates; with none among the compliant ones it is refused with a 400 naming the parameter, never sent
 * elsewhere without them.
 */
function onlyAnthropicWhenNeeded(request: ChatRequest, candidates: RouteCandidate[]): RouteCandidate[] {
  const features = anthropicOnlyFeatures(request);
  if (features.length === 0 || candidates.length === 0) return candidates;
  const anthropic = candidates.filter((candidate) => candidate.adapter.dialect === 'anthropic');
  if (anthropic.length > 0) return anthropic;
  const first = features[0]!;
  const others = [...new Set(candidates.map((candidate) => candidate.providerId))].join(', ');
  throw new GatewayError('invalid_request', {
    param: first.param,
    message: `${first.param}: ${first.message}, but no Anthropic provider may serve this request (allowed here: ${others}). Remove it, or ask for a model an Anthropic provider serves.`,
  });
}

/**
 * Keeps a refused request explainable like a routed one: a stored decision with its id in `x-sovereign-decision`,
 * the router's explanation when it got that far (every candidate, each exclusion and the policy behind it), and the
 * refusal (code, message, policies). Only once the caller is known and the request was read; never for another
 * tenant's eyes (the decision carries the tenant). The request is over: a shared store writes the decision at once.
 */
export function recordRefusal(context: PipelineContext, error: GatewayError, decisions: DecisionStore, strategy: string): void {
  // An unknown model is refused at ingress, before the request is kept: its decision names no model (the name may be
  // anything a client typed, and is stored nowhere).
  const read = context.request !== undefined || context.embeddingRequest !== undefined || (error.code === 'model_not_found' && context.body !== undefined);
  if (context.decision || !context.principal || !read) return;
  const details = (error.details ?? {}) as { decision?: Decision; policies?: unknown };
  const requestedModel = context.request?.model ?? context.embeddingRequest?.model ?? '';
  const decision = newDecision(context, context.principal.tenant, requestedModel, strategy, [], details.decision?.id ?? `dec_r${(refusedDecisions++).toString(36)}${context.requestId.slice(-8)}`);
  if (details.decision) decision.explained = details.decision;
  const policies = Array.isArray(details.policies) ? details.policies.filter((policy): policy is string => typeof policy === 'string') : undefined;
  decision.refusal = { code: error.code, status: error.status, message: error.message, ...(policies ? { policies } : {}) };
  context.decision = decision;
  context.responseHeaders['x-sovereign-decision'] = decision.id;
  decisions.put(decision);
  decisions.settle(decision);
}

let refusedDecisions = 0;

function newDecision(
  context: PipelineContext,
  tenant: string,
  requestedModel: string,
  strategy: string,
  candidates: RouteCandidate[],
  id: string,
): RouteDecision {
  return { id, requestId: context.requestId, createdAt: new Date(context.receivedAt).toISOString(), tenant, requestedModel, strategy, candidates, attempts: [] };
}

function toCandidate(entry: CatalogEntry, estimatedCostUsd: number, score = estimatedCostUsd, requested?: string): RouteCandidate {
  return {
    providerId: entry.provider.id,
    provider: entry.provider,
    model: entry.model,
    upstreamModel: upstreamNameFor(entry, requested),
    adapter: entry.adapter,
    score,
    estimatedCostUsd,
  };
}

/**
 * The name sent to the provider: the model's upstream name, or for a name one of its patterns serves (not its own name
 * or an alias, nor `auto`), the pattern's mapping or the client's own name.
 */
function upstreamNameFor(entry: CatalogEntry, requested: string | undefined): string {
  const model = entry.model;
  const own = model.upstreamName ?? model.name;
  if (requested === undefined || requested === model.name || model.aliases.includes(requested) || model.patterns.length === 0) return own;
  return matchModelPattern(model, requested.slice(requested.indexOf('/') + 1))?.upstream ?? own;
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
