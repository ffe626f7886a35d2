import { GatewayError } from "../../core/errors/gateway-error.js";
/**
 * Joins the caller's abort signal with a deadline of `timeoutMs` (the adapter setting `timeoutMs`). The deadline
 * aborts with a retryable `upstream_timeout`, which the HTTP client reports as is (not as a generic abort); a
 * caller's abort keeps its own reason. Without a positive `timeoutMs` the caller's signal is used unchanged.
 * What the deadline covers is up to the caller: see {@link withCallDeadline}.
 */
export function callDeadline(signal, timeoutMs, providerId) {
    if (timeoutMs === undefined || timeoutMs <= 0)
        return { signal, clear: () => undefined };
    const controller = new AbortController();
    const timer = setTimeout(() => {
        controller.abort(new GatewayError('upstream_timeout', { message: `Provider ${providerId} did not answer within ${timeoutMs} ms.` }));
    }, timeoutMs);
    timer.unref?.();
    if (signal === undefined)
        return { signal: controller.signal, clear: () => clearTimeout(timer) };
    // The caller's abort is forwarded by a listener (it outlives `clear`, as the caller's signal must keep
    // working): cheaper per call than AbortSignal.any, whose signals are tracked by weak references.
    if (signal.aborted)
        controller.abort(signal.reason);
    else
        signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
/**
 * Runs `work` under a {@link callDeadline} and stops the timer when `work` settles. The deadline therefore covers
 * exactly what `work` awaits: the whole call when it reads the body (not streaming), the call until the response
 * headers when it only opens the response (streaming), after which the caller's signal alone still aborts the body.
 */
export async function withCallDeadline(signal, timeoutMs, providerId, work) {
    const deadline = callDeadline(signal, timeoutMs, providerId);
    try {
        return await work(deadline.signal);
    }
    finally {
        deadline.clear();
    }
}
//# sourceMappingURL=call-deadline.js.map