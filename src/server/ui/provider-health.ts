import { performance } from 'node:perf_hooks';
import type { RouteCandidate } from '../pipeline/context.ts';
import type { Telemetry } from '../pipeline/request-telemetry.ts';
import type { CircuitBreaker } from '../reliability/circuit-breaker.ts';

/** One provider as the health view shows it. */
export interface ProviderHealthRow {
  provider: string;
  circuit: string;
  /** Calls in the window and the share that failed. */
  calls: number;
  errorRate: number;
  /** Latency to the answer (a stream: its first content), ms; null without calls. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
  lastError: string | null;
}

export interface ProviderHealth {
  readonly telemetry: Telemetry;
  rows(): ProviderHealthRow[];
}

interface Call {
  at: number;
  ms: number;
  error: string | null;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

/**
 * Each provider's recent upstream calls (the last `perProvider`, within `windowMs`), fed by the same hook as the
 * metrics, and its circuit's state: latency percentiles, error rate, the last error code.
 */
export function createProviderHealth(options: { health: CircuitBreaker; providerIds: readonly string[]; windowMs?: number; perProvider?: number; now?: () => number }): ProviderHealth {
  const windowMs = options.windowMs ?? 15 * 60_000;
  const perProvider = options.perProvider ?? 1_000;
  const now = options.now ?? Date.now;
  const calls = new Map<string, Call[]>();
  const record = (providerId: string, call: Call) => {
    let list = calls.get(providerId);
    if (!list) calls.set(providerId, (list = []));
    list.push(call);
    if (list.length > perProvider * 2) list.splice(0, list.length - perProvider);
  };
  return {
    telemetry: {
      begin() {
        return {
          attempt(candidate: RouteCandidate) {
            const startedAt = performance.now();
            let ended = false;
            return {
              headers: undefined,
              answered() {
                if (ended) return;
                ended = true;
                record(candidate.providerId, { at: now(), ms: performance.now() - startedAt, error: null });
              },
              failed(error) {
                if (ended) return;
                ended = true;
                record(candidate.providerId, { at: now(), ms: performance.now() - startedAt, error: error.code });
              },
            };
          },
          replied() {},
        };
      },
    },
    rows() {
      const since = now() - windowMs;
      return options.providerIds.map((provider) => {
        const recent = (calls.get(provider) ?? []).filter((call) => call.at >= since).slice(-perProvider);
        const latencies = recent.filter((call) => call.error === null).map((call) => call.ms).sort((a, b) => a - b);
        const failures = recent.filter((call) => call.error !== null);
        return {
          provider,
          circuit: options.health.state(provider),
          calls: recent.length,
          errorRate: recent.length === 0 ? 0 : failures.length / recent.length,
          p50: percentile(latencies, 0.5),
          p95: percentile(latencies, 0.95),
          p99: percentile(latencies, 0.99),
          lastError: failures.at(-1)?.error ?? null,
        };
      });
    },
  };
}
