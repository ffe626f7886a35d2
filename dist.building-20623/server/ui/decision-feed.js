/** The live decision stream of this instance: the last `capacity` events kept, each published as its request completes. */
export function createDecisionFeed(options = {}) {
    const capacity = options.capacity ?? 500;
    const now = options.now ?? Date.now;
    const events = [];
    const listeners = new Set();
    let seq = 0;
    function publish(context, completion) {
        const served = context.outcome?.candidate;
        const decision = context.decision;
        const profile = context.profile;
        const refused = completion.error?.code === 'policy_denied' ? completion.error.details?.policies : undefined;
        const event = {
            seq: ++seq,
            time: now(),
            requestId: context.requestId,
            decisionId: decision?.id ?? null,
            tenant: context.principal?.tenant ?? null,
            keyId: context.principal?.keyId ?? null,
            endpoint: context.endpoint,
            dialect: context.dialect,
            status: completion.status,
            outcome: completion.outcome,
            errorCode: completion.error?.code ?? null,
            model: decision?.requestedModel ?? null,
            provider: served?.providerId ?? null,
            jurisdiction: served?.provider.jurisdiction ?? null,
            tier: served?.provider.tier ?? null,
            strategy: decision?.strategy ?? null,
            policies: [...(context.policy?.matched ?? [])],
            refusedBy: Array.isArray(refused) ? refused.map(String) : [],
            classification: profile?.classification ?? null,
            dataKinds: profile ? [...profile.personalData.map((found) => found.kind), ...profile.secrets.map((found) => found.kind)] : [],
            cache: context.responseHeaders['x-sovereign-cache'] ?? null,
            costUsd: (context.accounted?.costNanoUsd ?? 0) / 1e9,
            latencyMs: now() - context.receivedAt,
        };
        events.push(event);
        if (events.length > capacity)
            events.splice(0, events.length - capacity);
        for (const listener of listeners)
            listener(event);
    }
    return {
        telemetry: {
            begin(context) {
                context.finalizers.push((completion) => publish(context, completion));
                return undefined;
            },
        },
        recent: (limit) => events.slice(Math.max(0, events.length - limit)),
        subscribe(listener) {
            listeners.add(listener);
            return () => listeners.delete(listener);
        },
        get subscribers() {
            return listeners.size;
        },
    };
}
//# sourceMappingURL=decision-feed.js.map