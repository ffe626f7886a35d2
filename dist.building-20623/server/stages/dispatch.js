import { GatewayError } from "../../core/errors/gateway-error.js";
import { DispatchRun } from "../reliability/dispatch-run.js";
import { createLatencyWindow } from "../reliability/latency-window.js";
import { hedgingSchema } from "../reliability/reliability-config.js";
import { defaultRetryPolicy } from "../reliability/retry-policy.js";
/**
 * Sends the request to the decision's candidates, and only to them: the first one first; on a retryable failure
 * the next candidate at once and the failed one again after its backoff or `retry-after` (see `AttemptSchedule`);
 * candidates whose circuit is open are skipped. A stream is held until its first content, so a provider that
 * fails before it is replaced without the client noticing; after it, a failure is continued on a candidate whose
 * dialect can continue an answer (Anthropic prefill), or ends the stream with an error event, never a clean end.
 * When no candidate could serve, the request fails closed with `no_healthy_candidate` (503) saying how many
 * compliant candidates were tried, or with the one provider's own error.
 */
export function dispatch(options) {
    const hedging = hedgingSchema.parse(options.hedging ?? {});
    const shared = {
        breaker: options.health,
        policy: { ...defaultRetryPolicy, ...options.retry },
        passthroughPaths: options.passthroughPaths,
        hedging: hedging.enabled ? hedging : undefined,
        stats: options.stats,
        latency: { stream: createLatencyWindow(), whole: createLatencyWindow() },
        random: options.random ?? Math.random,
    };
    return async function dispatchStage(context, next) {
        const decision = context.decision;
        if (!decision)
            throw new GatewayError('internal_error', { message: 'dispatch ran without a decision' });
        const limit = Math.min(decision.candidates.length, 1 + options.maxFallbacks);
        if (limit === 0) {
            throw new GatewayError('no_healthy_candidate', { message: 'No provider allowed for this request is available; nothing was sent.' });
        }
        context.outcome = await new DispatchRun(shared, context, decision, limit).run();
        context.responseHeaders['x-sovereign-provider'] = context.outcome.candidate.providerId;
        await next();
    };
}
//# sourceMappingURL=dispatch.js.map