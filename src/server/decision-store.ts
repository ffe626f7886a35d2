import { explainDecision } from '../core/router/index.ts';
import type { RouteDecision } from './pipeline/context.ts';

/** Where decisions are kept so `GET /v1/decisions/:id` can explain them. */
export interface DecisionStore {
  put(decision: RouteDecision): void;
  get(id: string): RouteDecision | undefined;
}

/** Keeps the most recent `capacity` decisions in memory (a Map keeps insertion order, so eviction is O(1)). */
export function createMemoryDecisionStore(capacity = 10_000): DecisionStore {
  const decisions = new Map<string, RouteDecision>();
  return {
    put(decision) {
      decisions.set(decision.id, decision);
      if (decisions.size > capacity) {
        const oldest = decisions.keys().next().value;
        if (oldest !== undefined) decisions.delete(oldest);
      }
    },
    get: (id) => decisions.get(id),
  };
}

/** The public, explained view of a decision (no adapters, no credentials). */
export function describeDecision(decision: RouteDecision): Record<string, unknown> {
  return {
    id: decision.id,
    request_id: decision.requestId,
    created_at: decision.createdAt,
    tenant: decision.tenant,
    requested_model: decision.requestedModel,
    strategy: decision.strategy,
    candidates: decision.candidates.map((candidate, rank) => ({
      rank: rank + 1,
      provider: candidate.providerId,
      model: candidate.model.name,
      upstream_model: candidate.upstreamModel,
      tier: candidate.provider.tier,
      jurisdiction: candidate.provider.jurisdiction,
      operator: candidate.provider.operator,
      score: candidate.score,
      estimated_cost_usd: candidate.estimatedCostUsd,
    })),
    ...(decision.explained
      ? {
          policies: decision.explained.policies,
          policy_errors: decision.explained.policyErrors,
          considered: decision.explained.considered,
          eligible: decision.explained.eligible,
          excluded: decision.explained.excluded,
          unavailable: decision.explained.unavailable,
          explanation: explainDecision(decision.explained),
        }
      : {}),
    attempts: decision.attempts,
    ...(decision.refusal ? { refusal: decision.refusal } : {}),
    ...(decision.cascade ? { cascade: decision.cascade } : {}),
  };
}
