import { GatewayError } from "../../core/errors/gateway-error.js";
/**
 * Turns a provider's non-2xx answer into a catalogued error. The provider's message is kept (truncated) because
 * it explains the failure to an operator; the provider's credentials never appear in it.
 *
 * 429 keeps `retry-after` (seconds or an HTTP date; also `retry-after-ms`), 529 is Anthropic's "overloaded",
 * 400/422 mean the provider rejected the request itself (a fallback would fail the same way),
 * 401/403 mean our credentials for that provider are wrong (another provider may still work).
 */
export function upstreamError(status, headers, bodyText, providerId) {
    const detail = extractMessage(bodyText);
    const message = `Provider ${providerId} answered ${status}${detail ? `: ${detail}` : '.'}`;
    const retryAfterSeconds = parseRetryAfter(headers);
    let code;
    if (status === 429)
        code = 'upstream_rate_limited';
    else if (status === 529)
        code = 'upstream_overloaded';
    else if (status === 503)
        code = 'upstream_unavailable';
    else if (status === 504 || status === 408)
        code = 'upstream_timeout';
    else if (status === 400 || status === 422 || status === 413)
        code = 'upstream_rejected';
    else
        code = 'upstream_error'; // 401/403/404 included: retryable, as another provider may accept the request
    return new GatewayError(code, {
        message,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
        ...(code === 'upstream_rejected' ? { status: status === 413 ? 413 : 400 } : {}),
        details: { upstreamStatus: status, provider: providerId },
    });
}
/** Reads `retry-after-ms`, then `retry-after` as seconds or as an HTTP date. Returns whole seconds (at least 1). */
export function parseRetryAfter(headers, now = Date.now()) {
    const ms = headers['retry-after-ms'];
    if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim()))
        return Math.max(1, Math.ceil(Number(ms) / 1000));
    const value = headers['retry-after'];
    if (value === undefined)
        return undefined;
    const trimmed = value.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed))
        return Math.max(1, Math.ceil(Number(trimmed)));
    const date = Date.parse(trimmed);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(1, Math.ceil((date - now) / 1000));
}
function extractMessage(bodyText) {
    let message = bodyText;
    try {
        const parsed = JSON.parse(bodyText);
        const candidate = findMessage(parsed);
        if (candidate)
            message = candidate;
    }
    catch {
        // not JSON: keep the text
    }
    message = message.replace(/\s+/g, ' ').trim();
    return message.length > 300 ? `${message.slice(0, 300)}...` : message;
}
function findMessage(value) {
    if (typeof value !== 'object' || value === null)
        return undefined;
    const record = value;
    if (typeof record.message === 'string')
        return record.message;
    if (typeof record.error === 'string')
        return record.error;
    if (Array.isArray(value))
        return findMessage(value[0]);
    return findMessage(record.error);
}
//# sourceMappingURL=upstream-error.js.map