import { explainDecision } from "../core/router/index.js";
import { createGroupCommit } from "../store/group-commit.js";
/** Keeps the most recent `capacity` decisions in memory (a Map keeps insertion order, so eviction is O(1)). */
function createRecentDecisions(capacity) {
    const decisions = new Map();
    return {
        put(decision) {
            decisions.set(decision.id, decision);
            if (decisions.size > capacity) {
                const oldest = decisions.keys().next().value;
                if (oldest !== undefined)
                    decisions.delete(oldest);
            }
        },
        get: (id) => decisions.get(id),
    };
}
/** Decisions of this process only, the most recent `capacity` of them (the embedded default). */
export function createMemoryDecisionStore(capacity = 10_000) {
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
/**
 * Decisions shared by every instance: each process keeps its own recent ones in memory and writes each decision's
 * explained view to the repository once its request is over (group-committed, never awaited by the response), so
 * another instance can explain it from then on. A failed write is reported and the decision stays explainable
 * here.
 */
export function createSharedDecisionStore(options) {
    const recent = createRecentDecisions(options.capacity ?? 10_000);
    const now = options.now ?? Date.now;
    const retentionMs = options.retentionMs ?? 7 * 24 * 3_600_000;
    const onError = options.onError ?? (() => undefined);
    const writes = createGroupCommit('decision store', (batch) => options.repository.insertBatch(batch), { maxBatch: 500 });
    const stored = (decision) => ({
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
            if (decision)
                return { tenant: decision.tenant, view: describeDecision(decision) };
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
export function describeDecision(decision) {
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
//# sourceMappingURL=decision-store.js.map