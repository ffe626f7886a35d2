import type { ProviderAdapter } from '../../core/provider/adapter.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { withAttemptTelemetry } from './with-attempt-telemetry.ts';
import { withCircuitBreaker } from './with-circuit-breaker.ts';
import { withFirstContent } from './with-first-content.ts';
import { withStatistics, type StatisticsOptions } from './with-statistics.ts';

export interface ReliabilityOptions extends StatisticsOptions {
  /** The providers' circuit breakers (this process's, or shared through Redis). */
  breaker: CircuitBreaker;
}

/**
 * One provider's adapter as the gateway calls it, composed once at start-up (`startGateway`), so every call,
 * dispatched, hedged, continued or a cascade's escalation, goes through the same wrappers; outermost first:
 * `withCircuitBreaker` (admission and verdict), `withAttemptTelemetry` (metrics and spans for admitted calls),
 * `withStatistics` (live statistics and latency windows), `withFirstContent` (a call resolves at its first content).
 * Retries, fallbacks and hedging are about the decision's candidates, not one adapter: they stay in dispatch.
 */
export function withReliability(adapter: ProviderAdapter, options: ReliabilityOptions): ProviderAdapter {
  return withCircuitBreaker(withAttemptTelemetry(withStatistics(withFirstContent(adapter), options)), options.breaker);
}
