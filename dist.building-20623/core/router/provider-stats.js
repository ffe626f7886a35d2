export function createProviderStats(options = {}) {
    const alpha = options.alpha ?? 0.2;
    if (!(alpha > 0 && alpha <= 1))
        throw new RangeError('alpha must be in (0, 1]');
    const records = new Map();
    const record = (providerId) => {
        let entry = records.get(providerId);
        if (entry === undefined) {
            entry = { providerId, ttftMs: 0, tokensPerSecond: 0, errorRate: 0, latencySamples: 0, samples: 0 };
            records.set(providerId, entry);
        }
        return entry;
    };
    let version = 0;
    const average = (previous, sample, first) => (first ? sample : previous + alpha * (sample - previous));
    return {
        observe(providerId, observation) {
            const entry = record(providerId);
            version++;
            entry.errorRate = average(entry.errorRate, observation.ok ? 0 : 1, entry.samples === 0);
            entry.samples++;
            if (!observation.ok)
                return;
            const first = entry.latencySamples === 0;
            if (observation.ttftMs !== undefined && Number.isFinite(observation.ttftMs) && observation.ttftMs >= 0) {
                entry.ttftMs = average(entry.ttftMs, observation.ttftMs, first);
                if (observation.tokensPerSecond !== undefined && Number.isFinite(observation.tokensPerSecond) && observation.tokensPerSecond > 0) {
                    entry.tokensPerSecond = average(entry.tokensPerSecond, observation.tokensPerSecond, first || entry.tokensPerSecond === 0);
                }
                entry.latencySamples++;
            }
        },
        record,
        snapshot: () => [...records.values()].map((entry) => ({ ...entry })),
        get version() {
            return version;
        },
    };
}
//# sourceMappingURL=provider-stats.js.map