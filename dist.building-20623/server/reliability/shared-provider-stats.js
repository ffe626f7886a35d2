/**
 * Live latency and error statistics shared by every instance, as a wrapper around this process's: each
 * observation is applied here at once (the router reads local figures, with no I/O) and published in batches
 * every `intervalMs`; observations other instances publish are applied here too, so every instance's averages
 * follow the whole fleet's traffic, not only its own share. Statistics are lossy by nature: while Redis is away
 * each instance keeps its own, and at most `maxBuffered` unsent observations are kept.
 */
export function shareProviderStats(local, client, options = {}) {
    const maxBuffered = options.maxBuffered ?? 10_000;
    let buffer = [];
    client.subscribe('provider-stats', (message) => {
        if (!Array.isArray(message))
            return;
        for (const item of message) {
            if (!Array.isArray(item) || typeof item[0] !== 'string')
                continue;
            const [providerId, ttftMs, tokensPerSecond, ok] = item;
            local.observe(providerId, {
                ok: ok === 1,
                ...(typeof ttftMs === 'number' ? { ttftMs } : {}),
                ...(typeof tokensPerSecond === 'number' ? { tokensPerSecond } : {}),
            });
        }
    });
    const timer = setInterval(() => {
        if (buffer.length === 0 || !client.ready)
            return;
        const batch = buffer;
        buffer = [];
        void client.publish('provider-stats', batch);
    }, options.intervalMs ?? 250);
    timer.unref();
    return {
        observe(providerId, observation) {
            local.observe(providerId, observation);
            if (buffer.length >= maxBuffered)
                buffer.shift();
            buffer.push([providerId, observation.ttftMs ?? null, observation.tokensPerSecond ?? null, observation.ok ? 1 : 0]);
        },
        record: (providerId) => local.record(providerId),
        snapshot: () => local.snapshot(),
        get version() {
            return local.version;
        },
        close() {
            clearInterval(timer);
        },
    };
}
//# sourceMappingURL=shared-provider-stats.js.map