/** Decisions in memory, the most recent `capacity` kept (a Map keeps insertion order, so eviction is O(1)). */
export function createMemoryDecisionRepository(capacity = 10_000) {
    const decisions = new Map();
    return {
        async insertBatch(batch) {
            for (const decision of batch) {
                decisions.delete(decision.id);
                decisions.set(decision.id, structuredClone(decision));
                if (decisions.size > capacity) {
                    const oldest = decisions.keys().next().value;
                    if (oldest !== undefined)
                        decisions.delete(oldest);
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
//# sourceMappingURL=decision-repository.js.map