import { GatewayError } from "../../core/errors/gateway-error.js";
/**
 * The answer when no compliant candidate could serve the request. Failing closed: the error says that every
 * provider the policies allow is down and how many were tried; nothing was sent anywhere else.
 * - one provider tried and failed: its own error (status, `retry-after`), which tells the client most;
 * - every provider tried was rate limiting: 429 with the shortest `retry-after`;
 * - otherwise (several providers failed, or circuits were open): 503 `no_healthy_candidate`.
 */
export function exhaustedError(failures, skipped, candidateCount) {
    const failedProviders = new Set(failures.map((failure) => failure.providerId));
    const last = failures.at(-1)?.error;
    if (last && skipped.length === 0 && failedProviders.size === 1)
        return last;
    const retryAfter = shortestRetryAfter(failures);
    if (last && skipped.length === 0 && failures.every((failure) => failure.error.code === 'upstream_rate_limited')) {
        return new GatewayError('upstream_rate_limited', {
            message: `Every provider allowed for this request is rate limiting (${failedProviders.size} tried).`,
            ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
            details: { tried: failedProviders.size, candidates: candidateCount },
        });
    }
    const tried = new Set([...failedProviders, ...skipped]).size;
    const parts = [];
    if (failures.length > 0)
        parts.push(`failed: ${[...failedProviders].map((provider) => `${provider} (${lastCodeOf(failures, provider)})`).join(', ')}`);
    if (skipped.length > 0)
        parts.push(`circuit open: ${[...new Set(skipped)].join(', ')}`);
    return new GatewayError('no_healthy_candidate', {
        message: `Every provider allowed for this request is unavailable: ${tried} of ${candidateCount} compliant candidate` +
            `${candidateCount === 1 ? '' : 's'} tried (${parts.join('; ')}). Nothing was sent to any other provider.`,
        ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
        details: {
            tried,
            candidates: candidateCount,
            attempts: failures.map((failure) => ({ provider: failure.providerId, code: failure.error.code })),
            circuitOpen: [...new Set(skipped)],
        },
    });
}
function lastCodeOf(failures, providerId) {
    return failures.findLast((failure) => failure.providerId === providerId)?.error.code ?? 'unknown';
}
function shortestRetryAfter(failures) {
    let shortest;
    for (const failure of failures) {
        const seconds = failure.error.retryAfterSeconds;
        if (seconds !== undefined && (shortest === undefined || seconds < shortest))
            shortest = seconds;
    }
    return shortest;
}
//# sourceMappingURL=exhausted-error.js.map