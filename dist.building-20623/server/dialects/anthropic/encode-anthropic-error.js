import { anthropicErrorTypeForKind } from "../../../providers/anthropic/map-anthropic-error-type.js";
/**
 * The error body `{ type: 'error', error: { type, message } }` (also the data of a stream's `error` event), with
 * Anthropic's error type for the catalogue kind and, when given, the `request_id`.
 * @see https://docs.anthropic.com/en/api/errors#error-shapes
 */
export function anthropicErrorBody(error, requestId) {
    const body = { type: 'error', error: { type: anthropicErrorTypeForKind(error.kind), message: error.message } };
    if (requestId !== undefined)
        body.request_id = requestId;
    return body;
}
/**
 * A gateway error as an Anthropic HTTP error answer: the catalogue status (413 `request_too_large`, 429
 * `rate_limit_error`, 529 `overloaded_error`, ...), `retry-after` in seconds when the error has one, and
 * `request-id` when a request id is given.
 * @see https://docs.anthropic.com/en/api/errors
 */
export function encodeAnthropicError(error, meta = {}) {
    const headers = { 'content-type': 'application/json' };
    if (error.retryAfterSeconds !== undefined)
        headers['retry-after'] = String(error.retryAfterSeconds);
    if (meta.requestId !== undefined)
        headers['request-id'] = meta.requestId;
    return { status: error.status, headers, body: anthropicErrorBody(error, meta.requestId) };
}
//# sourceMappingURL=encode-anthropic-error.js.map