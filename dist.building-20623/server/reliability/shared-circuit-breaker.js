/**
 * Circuit breakers shared by every instance, as a wrapper around this process's breaker: when a circuit opens
 * here, every other instance holds it open for the same cool-down (pub/sub, plus a hash `sovereign:circuits` that an
 * instance reads when it starts or reconnects); when a probe closes it here, the others release it. Calls and
 * verdicts stay local and synchronous, so the hot path does no I/O: one Map lookup while some circuit is held open
 * remotely, none otherwise. When the cool-down ends every instance admits traffic again, and the first to see the
 * provider fail again opens it for all.
 *
 * While Redis is away each instance has its own circuits (fails open to the local breaker).
 */
export function shareCircuitBreaker(local, client, options) {
    const now = options.now ?? Date.now;
    const onError = options.onError ?? (() => undefined);
    const remote = new Map();
    const hash = client.key('circuits');
    const apply = (notice) => {
        if (typeof notice?.providerId !== 'string')
            return;
        if (notice.state === 'open' && typeof notice.openUntil === 'number') {
            remote.set(notice.providerId, Math.max(remote.get(notice.providerId) ?? 0, notice.openUntil));
        }
        else if (notice.state === 'closed') {
            remote.delete(notice.providerId);
        }
    };
    client.subscribe('circuits', (message) => apply(message));
    client.onReady(() => {
        client.commands
            .hgetall(hash)
            .then((entries) => {
            const at = now();
            for (const [providerId, until] of Object.entries(entries)) {
                if (Number(until) > at)
                    apply({ providerId, state: 'open', openUntil: Number(until) });
            }
        })
            .catch(onError);
    });
    const announce = (notice) => {
        void client.publish('circuits', notice);
        if (!client.ready)
            return;
        const write = notice.state === 'open'
            ? client.commands.hset(hash, notice.providerId, String(notice.openUntil))
            : client.commands.hdel(hash, notice.providerId);
        write.catch(onError);
    };
    /** Held open by another instance right now (expired holds are dropped on the way). */
    const heldOpen = (providerId) => {
        if (remote.size === 0)
            return false;
        const until = remote.get(providerId);
        if (until === undefined)
            return false;
        if (until > now())
            return true;
        remote.delete(providerId);
        return false;
    };
    /** Runs a verdict and tells the others when it opened or closed the circuit here. */
    const verdict = (providerId, record) => {
        const before = local.state(providerId);
        record();
        const after = local.state(providerId);
        if (after === 'open' && before !== 'open')
            announce({ providerId, state: 'open', openUntil: now() + options.coolDownMs });
        else if (after === 'closed' && before !== 'closed')
            announce({ providerId, state: 'closed' });
    };
    return {
        state: (providerId) => (heldOpen(providerId) ? 'open' : local.state(providerId)),
        isHealthy: (providerId) => !heldOpen(providerId) && local.isHealthy(providerId),
        routingHealth: (providerId) => (heldOpen(providerId) ? 'open' : local.routingHealth(providerId)),
        tryAcquire: (providerId) => !heldOpen(providerId) && local.tryAcquire(providerId),
        recordSuccess: (providerId) => verdict(providerId, () => local.recordSuccess(providerId)),
        recordFailure: (providerId) => verdict(providerId, () => local.recordFailure(providerId)),
        release: (providerId) => local.release(providerId),
        snapshot() {
            const snapshots = local.snapshot().map((snapshot) => (heldOpen(snapshot.providerId) ? { ...snapshot, state: 'open' } : snapshot));
            for (const [providerId, until] of remote) {
                if (until > now() && !snapshots.some((snapshot) => snapshot.providerId === providerId)) {
                    snapshots.push({ providerId, state: 'open', consecutiveFailures: 0, windowCalls: 0, windowFailures: 0, openedAt: until - options.coolDownMs, probes: 0 });
                }
            }
            return snapshots;
        },
        remoteOpen: () => new Map(remote),
        close: () => remote.clear(),
    };
}
//# sourceMappingURL=shared-circuit-breaker.js.map