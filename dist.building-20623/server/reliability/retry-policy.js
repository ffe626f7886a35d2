export const defaultRetryPolicy = {
    maxAttemptsPerCandidate: 2,
    maxAttempts: 4,
    baseDelayMs: 100,
    maxDelayMs: 2_000,
    maxRetryAfterMs: 5_000,
};
/** Capacity signals: retrying the same provider adds load, so it happens only when the provider says when. */
const capacityCodes = new Set(['upstream_unavailable', 'upstream_overloaded']);
/** Upstream statuses that another call to the same provider would repeat (credentials, unknown model). */
const permanentStatuses = new Set([401, 403, 404]);
/**
 * When the same candidate may be called again after `error`, in ms from now, or -1 when it must not be retried
 * for this request (a fallback may still be tried):
 * - non-retryable errors, timeouts (the call already spent the whole timeout) and 401/403/404: never;
 * - 503 and 529 (capacity): only after the provider's `retry-after`, when it gave one;
 * - 429: after `retry-after` (or the backoff when it gave none);
 * - connection failures, 5xx, bad or truncated responses: after an exponential backoff with jitter.
 * A `retry-after` above `maxRetryAfterMs` is not waited for. `attempts` counts calls already made to the candidate.
 */
export function sameCandidateDelayMs(error, attempts, policy, random = Math.random) {
    if (!error.retryable || attempts >= policy.maxAttemptsPerCandidate)
        return -1;
    if (error.code === 'upstream_timeout' || permanentStatuses.has(error.details?.upstreamStatus))
        return -1;
    const retryAfterMs = error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
    if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs)
        return -1;
    if (capacityCodes.has(error.code) && retryAfterMs === undefined)
        return -1;
    const backoff = backoffMs(attempts, policy, random);
    return retryAfterMs === undefined ? backoff : retryAfterMs + backoff / 2;
}
/**
 * "Equal jitter" exponential backoff: half the step fixed, half random, so retries from many requests spread
 * out but never fire at once. `attempts` >= 1.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffMs(attempts, policy, random = Math.random) {
    const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
    return step / 2 + random() * (step / 2);
}
//# sourceMappingURL=retry-policy.js.map