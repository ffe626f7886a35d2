/** A routing decision as kept for `GET /v1/decisions/:id`: its explained, public view (no adapters, no credentials). */
export interface StoredDecision {
  id: string;
  tenant: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** What `describeDecision` returns, as JSON. */
  view: Record<string, unknown>;
}

/** Persistence of explained decisions, shared by every instance so any of them can explain any decision. */
export interface DecisionRepository {
  /** Stores every decision in one transaction; a decision stored again (its final form) replaces the first. */
  insertBatch(decisions: readonly StoredDecision[]): Promise<void>;
  get(id: string): Promise<StoredDecision | undefined>;
  /** Deletes the decisions created before `before` (ms); returns how many went. */
  prune(before: number): Promise<number>;
}

/** Decisions in memory, the most recent `capacity` kept (a Map keeps insertion order, so eviction is O(1)). */
export function createMemoryDecisionRepository(capacity = 10_000): DecisionRepository {
  const decisions = new Map<string, StoredDecision>();
  return {
    async insertBatch(batch) {
      for (const decision of batch) {
        decisions.delete(decision.id);
        decisions.set(decision.id, structuredClone(decision));
        if (decisions.size > capacity) {
          const oldest = decisions.keys().next().value;
          if (oldest !== undefined) decisions.delete(oldest);
        }
      }
    },
    async get(id) {
      const found = decisions.get(id);
      return found && structuredClone(found);
    },
    async prune(before) {
      let removed = 0;
      for (const [id, decision] of decisions) {
        if (decision.createdAt < before) {
          decisions.delete(id);
          removed += 1;
        }
      }
      return removed;
    },
  };
}
