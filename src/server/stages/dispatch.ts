import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { Stage } from '../pipeline/stage.ts';
import type { Dispatched, Routed } from '../pipeline/context.ts';
import { systemDispatchClock, type DispatchClock } from '../reliability/dispatch-clock.ts';
import { DispatchRun, type DispatchShared } from '../reliability/dispatch-run.ts';
import { createProviderLatency, type ProviderLatency } from '../reliability/latency-window.ts';
import { hedgingSchema, type HedgingSettings } from '../reliability/reliability-config.ts';
import { defaultRetryPolicy, type RetryPolicy } from '../reliability/retry-policy.ts';

export interface DispatchOptions {
  /** Further candidates to try after a retryable failure (`routing.maxFallbacks`). */
  maxFallbacks: number;
  /** `routing.retry`; missing fields take `defaultRetryPolicy`. */
  retry?: Partial<RetryPolicy>;
  /** `routing.hedging`; off unless `enabled`, and then only for decisions whose strategy is `fastest`. */
  hedging?: Partial<HedgingSettings>;
  /**
   * The latency windows the candidates' adapters record (`withReliability`), read for the hedge delay; without
   * them, hedges wait `routing.hedging.maxDelayMs` unless a fixed delay is set.
   */
  latency?: ProviderLatency;
  /** Jitter source, injectable for tests. */
  random?: () => number;
  /** The time and the waits before retries and hedges; the system clock unless a test drives it. */
  clock?: DispatchClock;
}

/**
 * Sends the request to the decision's candidates, and only to them: the first one first; on a retryable failure
 * the next candidate at once and the failed one again after its backoff or `retry-after` (see `AttemptSchedule`);
 * candidates whose circuit is open are skipped (the circuit breaker, statistics and telemetry wrap each adapter:
 * `withReliability`). A stream is held until its first content, so a provider that
 * fails before it is replaced without the client noticing; after it, a failure is continued on a candidate whose
 * dialect can continue an answer (Anthropic prefill), or ends the stream with an error event, never a clean end.
 * When no candidate could serve, the request fails closed with `no_healthy_candidate` (503) saying how many
 * compliant candidates were tried, or with the one provider's own error.
 */
export function dispatch(options: DispatchOptions): Stage<Routed, Dispatched> {
  const hedging = hedgingSchema.parse(options.hedging ?? {});
  const shared: DispatchShared = {
    policy: { ...defaultRetryPolicy, ...options.retry },
    hedging: hedging.enabled ? hedging : undefined,
    latency: options.latency ?? createProviderLatency(),
    random: options.random ?? Math.random,
    clock: options.clock ?? systemDispatchClock,
  };
  return async function dispatchStage(context, next) {
    const decision = context.decision;
    const limit = Math.min(decision.candidates.length, 1 + options.maxFallbacks);
    if (limit === 0) {
      throw new GatewayError('no_healthy_candidate', { message: 'No provider allowed for this request is available; nothing was sent.' });
    }
    context.outcome = await new DispatchRun(shared, context, decision, limit).run();
    context.responseHeaders['x-sovereign-provider'] = context.outcome.candidate.providerId;
    await next();
  };
}
