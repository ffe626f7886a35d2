import { FailureWindow } from './failure-window.ts';
import type { ProviderHealth as RoutingHealth } from '../../core/router/health-cache.ts';

/**
 * `closed`: calls flow. `open`: the provider failed too often and is skipped until the cool-down ends.
 * `half-open`: the cool-down ended and a limited number of probe calls decide whether it closes again.
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

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

/** One provider's circuit as metrics and the dashboard see it. */
export interface CircuitSnapshot {
  providerId: string;
  state: CircuitState;
  consecutiveFailures: number;
  windowCalls: number;
  windowFailures: number;
  /** Epoch ms when the circuit last opened (0 when it never did). */
  openedAt: number;
  /** Probes in flight while half-open. */
  probes: number;
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

const bucketCount = 10;

interface Circuit {
  state: CircuitState;
  consecutiveFailures: number;
  openedAt: number;
  probes: number;
  /** Calls and failures over `windowMs`, for the error rate. */
  window: FailureWindow;
}

/** Creates the breakers of every provider (each created on first use); state lives in memory, per process. */
export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const threshold = Math.max(1, options.consecutiveFailures ?? 5);
  const errorRate = options.errorRate ?? 0.5;
  if (!(errorRate > 0 && errorRate <= 1)) throw new RangeError('errorRate must be in (0, 1]');
  const bucketMs = Math.max(1, (options.windowMs ?? 30_000) / bucketCount);
  const minimumCalls = Math.max(1, options.minimumCalls ?? 20);
  const coolDownMs = options.coolDownMs ?? 10_000;
  const halfOpenProbes = Math.max(1, options.halfOpenProbes ?? 1);
  const now = options.now ?? Date.now;
  const onStateChange = options.onStateChange;
  const circuits = new Map<string, Circuit>();

  const circuitOf = (providerId: string): Circuit => {
    let circuit = circuits.get(providerId);
    if (circuit === undefined) {
      circuit = {
        state: 'closed',
        consecutiveFailures: 0,
        openedAt: 0,
        probes: 0,
        window: new FailureWindow(bucketMs, bucketCount),
      };
      circuits.set(providerId, circuit);
    }
    return circuit;
  };

  const transition = (providerId: string, circuit: Circuit, to: CircuitState, at: number): void => {
    const from = circuit.state;
    circuit.state = to;
    circuit.probes = 0;
    if (to === 'open') circuit.openedAt = at;
    if (to === 'closed') {
      circuit.consecutiveFailures = 0;
      circuit.window.clear();
    }
    onStateChange?.(providerId, from, to);
  };

  /** The state with the cool-down applied: an open circuit whose cool-down is over is half-open. */
  const current = (providerId: string, circuit: Circuit, at: number): CircuitState => {
    if (circuit.state === 'open' && at - circuit.openedAt >= coolDownMs) transition(providerId, circuit, 'half-open', at);
    return circuit.state;
  };

  const admits = (circuit: Circuit, state: CircuitState): boolean =>
    state === 'closed' || (state === 'half-open' && circuit.probes < halfOpenProbes);

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
      if (circuit === undefined) return 'healthy';
      const state = current(providerId, circuit, now());
      if (state === 'closed') return 'healthy';
      return admits(circuit, state) ? 'half-open' : 'open';
    },
    tryAcquire(providerId) {
      const circuit = circuits.get(providerId);
      if (circuit === undefined) return true;
      const state = current(providerId, circuit, now());
      if (!admits(circuit, state)) return false;
      if (state === 'half-open') circuit.probes++;
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
      if (state === 'closed') circuit.window.count(at, false);
    },
    recordFailure(providerId) {
      const circuit = circuitOf(providerId);
      const at = now();
      const state = current(providerId, circuit, at);
      if (state === 'open') return;
      if (state === 'half-open') {
        transition(providerId, circuit, 'open', at);
        return;
      }
      circuit.consecutiveFailures++;
      circuit.window.count(at, true);
      if (circuit.consecutiveFailures >= threshold) {
        transition(providerId, circuit, 'open', at);
        return;
      }
      const window = circuit.window.totals(at);
      if (window.calls >= minimumCalls && window.failures / window.calls >= errorRate) transition(providerId, circuit, 'open', at);
    },
    release(providerId) {
      const circuit = circuits.get(providerId);
      if (circuit !== undefined && circuit.state === 'half-open' && circuit.probes > 0) circuit.probes--;
    },
    snapshot() {
      const at = now();
      return [...circuits].map(([providerId, circuit]) => {
        const window = circuit.window.totals(at);
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
