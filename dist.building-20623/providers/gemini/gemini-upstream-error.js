import { GatewayError } from "../../core/errors/gateway-error.js";
import { parseJsonObject } from "../shared/parse-json-object.js";
import { redactSecret } from "../shared/redact-secret.js";
import { upstreamError } from "../shared/upstream-error.js";
/**
 * A Gemini error body (`{ error: { code, message, status, details } }`) → a catalogued error, through the shared
 * {@link upstreamError} mapping. Adds what only Google's body carries: the retry delay of a
 * `google.rpc.RetryInfo` detail (`"34.4s"`) when no `retry-after` header came, and the `google.rpc` status name
 * (`RESOURCE_EXHAUSTED`, `UNAVAILABLE`) under `details.upstreamStatusName`. The API key is removed from the
 * message should the provider ever echo it.
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 */
export function geminiUpstreamError(status, headers, bodyText, providerId, apiKey) {
    const safeText = redactSecret(bodyText, apiKey);
    const base = upstreamError(status, headers, safeText, providerId);
    const error = parseErrorBody(safeText);
    const retryAfterSeconds = base.retryAfterSeconds ?? retryDelaySeconds(error?.details);
    return new GatewayError(base.code, {
        message: base.message,
        status: base.status,
        retryable: base.retryable,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
        details: { ...base.details, ...(error?.status ? { upstreamStatusName: error.status } : {}) },
    });
}
function parseErrorBody(text) {
    const error = parseJsonObject(text)?.error;
    return typeof error === 'object' && error !== null ? error : undefined;
}
function retryDelaySeconds(details) {
    const retryInfo = details?.find((detail) => String(detail['@type'] ?? '').endsWith('google.rpc.RetryInfo'));
    const delay = retryInfo?.retryDelay;
    if (typeof delay !== 'string')
        return undefined;
    const match = /^(\d+(?:\.\d+)?)s$/.exec(delay.trim());
    return match ? Math.max(1, Math.ceil(Number(match[1]))) : undefined;
}
//# sourceMappingURL=gemini-upstream-error.js.map