const typeByKind = {
    invalid_request: 'invalid_request_error',
    request_too_large: 'invalid_request_error',
    authentication: 'authentication_error',
    permission: 'permission_error',
    not_found: 'not_found_error',
    rate_limit: 'rate_limit_error',
    billing: 'insufficient_quota',
    api: 'server_error',
    overloaded: 'server_error',
    timeout: 'server_error',
};
/** The `error` object OpenAI clients read: `code` is the gateway's stable catalogue code. */
export function openAIErrorObject(error) {
    return { message: error.message, type: typeByKind[error.kind], param: error.param ?? null, code: error.code };
}
/**
 * An error as an OpenAI API error response. `retry-after` carries `retryAfterSeconds`; `x-should-retry` tells the
 * official SDKs whether their automatic retry can help (so a spent budget, a 429, is not retried in vain).
 * @see https://platform.openai.com/docs/guides/error-codes
 * @see https://github.com/openai/openai-node/blob/master/src/client.ts (shouldRetry reads x-should-retry)
 */
export function encodeOpenAIError(error) {
    const headers = { 'content-type': 'application/json', 'x-should-retry': String(error.retryable) };
    if (error.retryAfterSeconds !== undefined)
        headers['retry-after'] = String(error.retryAfterSeconds);
    return { status: error.status, headers, body: { error: openAIErrorObject(error) } };
}
//# sourceMappingURL=encode-openai-error.js.map