export function createLatencyWindow(options = {}) {
    const size = Math.max(1, options.size ?? 64);
    const minimumSamples = Math.max(1, options.minimumSamples ?? 8);
    const windows = new Map();
    return {
        record(providerId, milliseconds) {
            if (!Number.isFinite(milliseconds) || milliseconds < 0)
                return;
            let window = windows.get(providerId);
            if (window === undefined) {
                window = { samples: new Float64Array(size), count: 0 };
                windows.set(providerId, window);
            }
            window.samples[window.count % size] = milliseconds;
            window.count++;
        },
        quantile(providerId, quantile) {
            const window = windows.get(providerId);
            if (window === undefined || window.count < minimumSamples)
                return undefined;
            const sorted = window.samples.slice(0, Math.min(window.count, size)).sort();
            const position = Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1));
            return sorted[position];
        },
    };
}
//# sourceMappingURL=latency-window.js.map