import type { ChatRequest } from '../../core/canonical/request.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { strategies, type Router, type Strategy } from '../../core/router/index.ts';
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
 * Embeddings are decided by the same router under the same constraints (tier, clearance, jurisdictions,
 * providers, retention, residency): what a chat request may not send, an embeddings request may not either.
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
    const embeddings = context.endpoint === 'embeddings';
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
      ...(embeddings ? { estimatedOutputTokens: 0 } : request?.maxOutputTokens === undefined ? {} : { estimatedOutputTokens: request.maxOutputTokens }),
      ...(strategy === 'quality' && !embeddings ? { qualityFloor: options.qualityFloor } : {}),
      health: options.health.routingHealth,
    });
    let candidates: RouteCandidate[] = [];
    for (const ranked of decision.candidates) {
      const entry = entryByKey.get(`${ranked.providerId}\u0000${ranked.model}`);
      // An endpoint is served only by models made for it (a name could be shared by a chat and an embedding model).
      if (entry && entry.model.capabilities.embeddings === embeddings) candidates.push(toCandidate(entry, ranked.estimatedCostUsd, ranked.score));
    }
    if (principal && (principal as ScopedPrincipal).models !== undefined) {
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

/**
 * A cheap estimate (4 characters a token) for ranking; accounting uses the provider's reported usage. Kept on the
 * request's context by `estimatedInputTokensOf`, so enforce and route share one count.
 */
export function estimateInputTokens(request: ChatRequest): number {
  let characters = 0;
  for (const message of request.messages) {
    for (const part of message.content) {
      if (part.type === 'text') characters += part.text.length;
      else if (part.type === 'tool-call') characters += part.arguments.length + part.name.length;
      else if (part.type === 'tool-result') characters += typeof part.content === 'string' ? part.content.length : 256;
      else characters += 1024;
    }
  }
  for (const tool of request.tools ?? []) characters += JSON.stringify(tool.inputSchema).length + (tool.description?.length ?? 0);
  return Math.ceil(characters / 4);
}

/** The request's input-token estimate, computed once per context (enforce and route both read it). */
export function estimatedInputTokensOf(context: PipelineContext): number {
  if (context.estimatedInputTokens !== undefined) return context.estimatedInputTokens;
  if (context.request) context.estimatedInputTokens = estimateInputTokens(context.request);
  else if (context.embeddingRequest) context.estimatedInputTokens = Math.ceil(context.embeddingRequest.input.reduce((sum, input) => sum + input.length, 0) / 4);
  else return 0;
  return context.estimatedInputTokens;
}
