const typeForKind = {
    invalid_request: 'invalid_request_error',
    authentication: 'authentication_error',
    permission: 'permission_error',
    not_found: 'not_found_error',
    request_too_large: 'request_too_large',
    rate_limit: 'rate_limit_error',
    billing: 'billing_error',
    api: 'api_error',
    overloaded: 'overloaded_error',
    timeout: 'timeout_error',
};
/**
 * The Anthropic error `type` for a catalogue error kind.
 * @see https://docs.anthropic.com/en/api/errors
 */
export function anthropicErrorTypeForKind(kind) {
    return typeForKind[kind];
}
const codeForType = {
    overloaded_error: 'upstream_overloaded',
    rate_limit_error: 'upstream_rate_limited',
    timeout_error: 'upstream_timeout',
    invalid_request_error: 'upstream_rejected',
    request_too_large: 'upstream_rejected',
    api_error: 'upstream_error',
    authentication_error: 'upstream_error',
    permission_error: 'upstream_error',
    not_found_error: 'upstream_error',
    billing_error: 'upstream_error',
};
/**
 * The catalogue code for an error a provider reported in Anthropic's shape (a stream's `error` event).
 * Unknown types become `upstream_error`.
 * @see https://docs.anthropic.com/en/api/errors
 */
export function gatewayCodeForAnthropicErrorType(type) {
    return Object.hasOwn(codeForType, type) ? codeForType[type] : 'upstream_error';
}
//# sourceMappingURL=map-anthropic-error-type.js.map