import type { ChatRequest } from '../../core/canonical/request.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { CatalogEntry, CatalogIndex } from '../catalog-index.ts';
import type { Stage } from '../pipeline/compose.ts';
import type { PipelineContext, RouteCandidate, RouteDecision } from '../pipeline/context.ts';
import type { ProviderHealth } from '../provider-health.ts';
import type { DecisionStore } from '../decision-store.ts';

export interface RouteOptions {
  catalog: CatalogIndex;
  health: ProviderHealth;
  decisions: DecisionStore;
  newDecisionId: () => string;
  defaultStrategy: string;
}

/**
 * Chooses where the request may go and in which order. This first router ranks the providers serving the
 * requested model (or every chat model for `auto`) by estimated cost, healthy ones first, and refuses models
 * nobody serves. It is the seam the sovereignty router plugs into: same input, same `RouteDecision` out.
 */
export function route(options: RouteOptions): Stage<PipelineContext> {
  return async function routeStage(context, next) {
    const requestedModel = context.request?.model ?? context.embeddingRequest?.model ?? '';
    const entries =
      context.endpoint === 'embeddings' ? options.catalog.lookupEmbedding(requestedModel) : options.catalog.lookup(requestedModel);
    if (entries.length === 0) {
      throw new GatewayError('model_not_found', {
        message: `The model "${requestedModel}" is not served by any configured provider. GET /v1/models lists the models.`,
        param: 'model',
      });
    }
    const estimatedInput = context.request ? estimateInputTokens(context.request) : 0;
    const estimatedOutput = context.request?.maxOutputTokens ?? 256;
    const candidates: RouteCandidate[] = entries.map((entry) => toCandidate(entry, estimatedInput, estimatedOutput));
    candidates.sort(
      (left, right) =>
        Number(options.health.isHealthy(right.providerId)) - Number(options.health.isHealthy(left.providerId)) ||
        left.score - right.score ||
        (left.providerId < right.providerId ? -1 : left.providerId > right.providerId ? 1 : 0),
    );
    const decision: RouteDecision = {
      id: options.newDecisionId(),
      requestId: context.requestId,
      createdAt: new Date(context.receivedAt).toISOString(),
      tenant: context.principal?.tenant ?? 'default',
      requestedModel,
      strategy: options.defaultStrategy,
      candidates,
      excluded: [],
      attempts: [],
    };
    context.decision = decision;
    context.responseHeaders['x-sovereign-decision'] = decision.id;
    options.decisions.put(decision);
    await next();
  };
}

function toCandidate(entry: CatalogEntry, inputTokens: number, outputTokens: number): RouteCandidate {
  const cost = (entry.model.price.input * inputTokens + entry.model.price.output * outputTokens) / 1_000_000;
  return {
    providerId: entry.provider.id,
    provider: entry.provider,
    model: entry.model,
    upstreamModel: entry.model.upstreamName ?? entry.model.name,
    adapter: entry.adapter,
    score: cost,
    estimatedCostUsd: cost,
  };
}

/** A cheap estimate (4 characters a token) for ranking; accounting uses the provider's reported usage. */
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
