import { explainDecision } from '../core/router/index.ts';
import type { DecisionRepository, StoredDecision } from '../store/decision-repository.ts';
import { createGroupCommit } from '../store/group-commit.ts';
import type { RouteDecision } from './pipeline/context.ts';

/** A decision as `GET /v1/decisions/:id` answers it, with the tenant it belongs to. */
export interface FoundDecision {
  tenant: string;
  view: Record<string, unknown>;
}

/** Where decisions are kept so `GET /v1/decisions/:id` can explain them. */
export interface DecisionStore {
  /** A decision just made (dispatch still adds its attempts to the same object). */
  put(decision: RouteDecision): void;
  /** The request is over and its decision final: a shared store writes it now (batched, off the response path). */
  settle(decision: RouteDecision): void;
  /** The explained decision, from this process or, with a shared store, from any instance. */
  find(id: string): Promise<FoundDecision | undefined>;
  /** Writes what is queued. */
  close(): Promise<void>;
}

/** Keeps the most recent `capacity` decisions in memory (a Map keeps insertion order, so eviction is O(1)). */
function createRecentDecisions(capacity: number) {
  const decisions = new Map<string, RouteDecision>();
  return {
    put(decision: RouteDecision) {
      decisions.set(decision.id, decision);
      if (decisions.size > capacity) {
        const oldest = decisions.keys().next().value;
        if (oldest !== undefined) decisions.delete(oldest);
      }
    },
    get: (id: string) => decisions.get(id),
  };
}

/** Decisions of this process only, the most recent `capacity` of them (the embedded default). */
export function createMemoryDecisionStore(capacity = 10_000): DecisionStore {
  const recent = createRecentDecisions(capacity);
  return {
    put: (decision) => recent.put(decision),
    settle: () => undefined,
    async find(id) {
      const decision = recent.get(id);
      return decision && { tenant: decision.tenant, view: describeDecision(decision) };
    },
    close: async () => undefined,
  };
}

export interface SharedDecisionStoreOptions {
  repository: DecisionRepository;
  /** Decisions this process keeps in memory (its own recent ones, served without a query). Default 10,000. */
  capacity?: number;
  /** Decisions older than this are deleted from the shared store (ms). Default 7 days. */
  retentionMs?: number;
  /** How often to delete expired decisions (ms). Default 1 hour. */
  pruneIntervalMs?: number;
  onError?: (error: unknown) => void;
  now?: () => number;
}

/**
 * Decisions shared by every instance: each process keeps its own recent ones in memory and writes each decision's
 * explained view to the repository once its request is over (group-committed, never awaited by the response), so
 * another instance can explain it from then on. A failed write is reported and the decision stays explainable
 * here.
 */
export function createSharedDecisionStore(options: SharedDecisionStoreOptions): DecisionStore {
  const recent = createRecentDecisions(options.capacity ?? 10_000);
  const now = options.now ?? Date.now;
  const retentionMs = options.retentionMs ?? 7 * 24 * 3_600_000;
  const onError = options.onError ?? (() => undefined);
  const writes = createGroupCommit<StoredDecision>('decision store', (batch) => options.repository.insertBatch(batch), { maxBatch: 500 });
  const stored = (decision: RouteDecision): StoredDecision => ({
    id: decision.id,
    tenant: decision.tenant,
    createdAt: Date.parse(decision.createdAt) || now(),
    view: describeDecision(decision),
  });
  const pruner = setInterval(() => {
    options.repository.prune(now() - retentionMs).catch(onError);
  }, options.pruneIntervalMs ?? 3_600_000);
  pruner.unref();
  return {
    put: (decision) => recent.put(decision),
    settle(decision) {
      writes.add(stored(decision)).catch(onError);
    },
    async find(id) {
      const decision = recent.get(id);
      if (decision) return { tenant: decision.tenant, view: describeDecision(decision) };
      const found = await options.repository.get(id);
      return found && { tenant: found.tenant, view: found.view };
    },
    async close() {
      clearInterval(pruner);
      await writes.close();
    },
  };
}

/**
 * The public, explained view of a decision (no adapters, no credentials): each candidate with its model (and family),
 * tier, jurisdiction, region and hardware when the catalog names them, and operator.
 */
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
      ...(candidate.model.family === undefined ? {} : { family: candidate.model.family }),
      tier: candidate.provider.tier,
      jurisdiction: candidate.provider.jurisdiction,
      ...(candidate.provider.region === undefined ? {} : { region: candidate.provider.region }),
      ...(candidate.provider.hardware === undefined ? {} : { hardware: candidate.provider.hardware }),
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
