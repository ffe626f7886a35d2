import type { ProviderHealth as RoutingHealth } from '../../core/router/health-cache.ts';
import { ProviderCircuit, type CircuitSettings, type CircuitSnapshot, type CircuitState } from './provider-circuit.ts';

export type { CircuitSnapshot, CircuitState } from './provider-circuit.ts';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 5. */
  consecutiveFailures?: number;
  /** Share of failed calls over `windowMs` that opens the circuit, in (0, 1]. Default 0.5. */
  errorRate?: number;
  /** Length of the sliding error-rate window (ms), kept in 10 buckets. Default 30,000. */
  windowMs?: number;
  /** Calls the window must hold before `errorRate` applies. Default 20. */
  minimumCalls?: number;
  /** Time an open circuit waits before it admits probes (ms). Default 10,000. */
  coolDownMs?: number;
  /** Probe calls admitted at once while half-open. Default 1. */
  halfOpenProbes?: number;
  /** Clock (ms), injectable for tests. */
  now?: () => number;
  /** Called on every transition (for logs and metrics). */
  onStateChange?: (providerId: string, from: CircuitState, to: CircuitState) => void;
}

/**
 * A circuit breaker per provider. Dispatch asks `tryAcquire` before each call (always admitted when closed, one
 * of `halfOpenProbes` slots when half-open, never when open) and reports the call's end with exactly one of
 * `recordSuccess`, `recordFailure` or `release` (ended without a verdict: cancelled, hedge lost, client gone).
 * The route stage reads `isHealthy` / `routingHealth`; metrics read `snapshot`.
 * @see https://martinfowler.com/bliki/CircuitBreaker.html
 */
export interface CircuitBreaker {
  state(providerId: string): CircuitState;
  /** Closed, or half-open with a free probe slot: a call would be admitted now. */
  isHealthy(providerId: string): boolean;
  /** The state in the router's terms (`healthy` | `half-open` | `open`); half-open without a free probe slot is `open`. */
  routingHealth(providerId: string): RoutingHealth;
  tryAcquire(providerId: string): boolean;
  recordSuccess(providerId: string): void;
  recordFailure(providerId: string): void;
  release(providerId: string): void;
  snapshot(): CircuitSnapshot[];
}

/** Creates the breakers of every provider (each created on first use); state lives in memory, per process. */
export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const settings = circuitSettings(options);
  const now = options.now ?? Date.now;
  const circuits = new Map<string, ProviderCircuit>();
  const circuitOf = (providerId: string): ProviderCircuit => {
    let circuit = circuits.get(providerId);
    if (circuit === undefined) {
      circuit = new ProviderCircuit(providerId, settings);
      circuits.set(providerId, circuit);
    }
    return circuit;
  };
  return {
    state: (providerId) => circuits.get(providerId)?.current(now()) ?? 'closed',
    isHealthy(providerId) {
      const circuit = circuits.get(providerId);
      return circuit === undefined || circuit.admits(circuit.current(now()));
    },
    routingHealth(providerId) {
      const circuit = circuits.get(providerId);
      if (circuit === undefined) return 'healthy';
      const state = circuit.current(now());
      if (state === 'closed') return 'healthy';
      return circuit.admits(state) ? 'half-open' : 'open';
    },
    tryAcquire: (providerId) => circuits.get(providerId)?.acquire(now()) ?? true,
    recordSuccess: (providerId) => circuitOf(providerId).succeeded(now()),
    recordFailure: (providerId) => circuitOf(providerId).failed(now()),
    release: (providerId) => circuits.get(providerId)?.release(),
    snapshot() {
      const at = now();
      return [...circuits.values()].map((circuit) => circuit.snapshot(at));
    },
  };
}

const bucketCount = 10;

/** The options with their defaults, checked. */
function circuitSettings(options: CircuitBreakerOptions): CircuitSettings {
  const errorRate = options.errorRate ?? 0.5;
  if (!(errorRate > 0 && errorRate <= 1)) throw new RangeError('errorRate must be in (0, 1]');
  return {
    threshold: Math.max(1, options.consecutiveFailures ?? 5),
    errorRate,
    bucketMs: Math.max(1, (options.windowMs ?? 30_000) / bucketCount),
    bucketCount,
    minimumCalls: Math.max(1, options.minimumCalls ?? 20),
    coolDownMs: options.coolDownMs ?? 10_000,
    halfOpenProbes: Math.max(1, options.halfOpenProbes ?? 1),
    onStateChange: options.onStateChange,
  };
}
