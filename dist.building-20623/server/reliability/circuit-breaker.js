const bucketCount = 10;
/** Creates the breakers of every provider (each created on first use); state lives in memory, per process. */
export function createCircuitBreaker(options = {}) {
    const threshold = Math.max(1, options.consecutiveFailures ?? 5);
    const errorRate = options.errorRate ?? 0.5;
    if (!(errorRate > 0 && errorRate <= 1))
        throw new RangeError('errorRate must be in (0, 1]');
    const bucketMs = Math.max(1, (options.windowMs ?? 30_000) / bucketCount);
    const minimumCalls = Math.max(1, options.minimumCalls ?? 20);
    const coolDownMs = options.coolDownMs ?? 10_000;
    const halfOpenProbes = Math.max(1, options.halfOpenProbes ?? 1);
    const now = options.now ?? Date.now;
    const onStateChange = options.onStateChange;
    const circuits = new Map();
    const circuitOf = (providerId) => {
        let circuit = circuits.get(providerId);
        if (circuit === undefined) {
            circuit = {
                state: 'closed',
                consecutiveFailures: 0,
                openedAt: 0,
                probes: 0,
                stamps: new Float64Array(bucketCount).fill(-1),
                calls: new Int32Array(bucketCount),
                failures: new Int32Array(bucketCount),
            };
            circuits.set(providerId, circuit);
        }
        return circuit;
    };
    const transition = (providerId, circuit, to, at) => {
        const from = circuit.state;
        circuit.state = to;
        circuit.probes = 0;
        if (to === 'open')
            circuit.openedAt = at;
        if (to === 'closed') {
            circuit.consecutiveFailures = 0;
            circuit.stamps.fill(-1);
        }
        onStateChange?.(providerId, from, to);
    };
    /** The state with the cool-down applied: an open circuit whose cool-down is over is half-open. */
    const current = (providerId, circuit, at) => {
        if (circuit.state === 'open' && at - circuit.openedAt >= coolDownMs)
            transition(providerId, circuit, 'half-open', at);
        return circuit.state;
    };
    const count = (circuit, at, failed) => {
        const bucket = Math.floor(at / bucketMs);
        const slot = bucket % bucketCount;
        if (circuit.stamps[slot] !== bucket) {
            circuit.stamps[slot] = bucket;
            circuit.calls[slot] = 0;
            circuit.failures[slot] = 0;
        }
        circuit.calls[slot]++;
        if (failed)
            circuit.failures[slot]++;
    };
    const windowCounts = (circuit, at) => {
        const oldest = Math.floor(at / bucketMs) - bucketCount + 1;
        let calls = 0;
        let failures = 0;
        for (let slot = 0; slot < bucketCount; slot++) {
            if (circuit.stamps[slot] < oldest)
                continue;
            calls += circuit.calls[slot];
            failures += circuit.failures[slot];
        }
        return { calls, failures };
    };
    const admits = (circuit, state) => state === 'closed' || (state === 'half-open' && circuit.probes < halfOpenProbes);
    return {
        state(providerId) {
            const circuit = circuits.get(providerId);
            return circuit === undefined ? 'closed' : current(providerId, circuit, now());
        },
        isHealthy(providerId) {
            const circuit = circuits.get(providerId);
            return circuit === undefined || admits(circuit, current(providerId, circuit, now()));
        },
        routingHealth(providerId) {
            const circuit = circuits.get(providerId);
            if (circuit === undefined)
                return 'healthy';
            const state = current(providerId, circuit, now());
            if (state === 'closed')
                return 'healthy';
            return admits(circuit, state) ? 'half-open' : 'open';
        },
        tryAcquire(providerId) {
            const circuit = circuits.get(providerId);
            if (circuit === undefined)
                return true;
            const state = current(providerId, circuit, now());
            if (!admits(circuit, state))
                return false;
            if (state === 'half-open')
                circuit.probes++;
            return true;
        },
        recordSuccess(providerId) {
            const circuit = circuitOf(providerId);
            const at = now();
            const state = current(providerId, circuit, at);
            if (state === 'half-open') {
                transition(providerId, circuit, 'closed', at);
                return;
            }
            circuit.consecutiveFailures = 0;
            if (state === 'closed')
                count(circuit, at, false);
        },
        recordFailure(providerId) {
            const circuit = circuitOf(providerId);
            const at = now();
            const state = current(providerId, circuit, at);
            if (state === 'open')
                return;
            if (state === 'half-open') {
                transition(providerId, circuit, 'open', at);
                return;
            }
            circuit.consecutiveFailures++;
            count(circuit, at, true);
            if (circuit.consecutiveFailures >= threshold) {
                transition(providerId, circuit, 'open', at);
                return;
            }
            const window = windowCounts(circuit, at);
            if (window.calls >= minimumCalls && window.failures / window.calls >= errorRate)
                transition(providerId, circuit, 'open', at);
        },
        release(providerId) {
            const circuit = circuits.get(providerId);
            if (circuit !== undefined && circuit.state === 'half-open' && circuit.probes > 0)
                circuit.probes--;
        },
        snapshot() {
            const at = now();
            return [...circuits].map(([providerId, circuit]) => {
                const window = windowCounts(circuit, at);
                return {
                    providerId,
                    state: current(providerId, circuit, at),
                    consecutiveFailures: circuit.consecutiveFailures,
                    windowCalls: window.calls,
                    windowFailures: window.failures,
                    openedAt: circuit.openedAt,
                    probes: circuit.probes,
                };
            });
        },
    };
}
//# sourceMappingURL=circuit-breaker.js.map