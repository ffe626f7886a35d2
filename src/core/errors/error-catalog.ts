/**
 * The one catalogue of errors. Every error the gateway answers with has a stable `code`, an HTTP status,
 * whether a retry (or a fallback to another provider) may help, and a kind that each dialect maps to its
 * own error type. Messages never contain secrets or request content.
 */
export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'request_too_large'
  | 'rate_limit'
  | 'billing'
  | 'api'
  | 'overloaded'
  | 'timeout';

export interface ErrorSpec {
  status: number;
  kind: ErrorKind;
  retryable: boolean;
  /** The default message. */
  message: string;
}

export const errorCatalog = {
  invalid_json: { status: 400, kind: 'invalid_request', retryable: false, message: 'The request body is not valid JSON.' },
  invalid_request: { status: 400, kind: 'invalid_request', retryable: false, message: 'The request is invalid.' },
  unsupported_media_type: { status: 415, kind: 'invalid_request', retryable: false, message: 'The request body must be application/json.' },
  payload_too_large: { status: 413, kind: 'request_too_large', retryable: false, message: 'The request body is larger than the limit.' },
  method_not_allowed: { status: 405, kind: 'invalid_request', retryable: false, message: 'Method not allowed.' },
  authentication_required: { status: 401, kind: 'authentication', retryable: false, message: 'An API key is required (Authorization: Bearer KEY or x-api-key: KEY).' },
  invalid_api_key: { status: 401, kind: 'authentication', retryable: false, message: 'The API key is not valid.' },
  permission_denied: { status: 403, kind: 'permission', retryable: false, message: 'The API key may not do this.' },
  policy_denied: { status: 403, kind: 'permission', retryable: false, message: 'No provider satisfies the policies in force.' },
  not_found: { status: 404, kind: 'not_found', retryable: false, message: 'Not found.' },
  model_not_found: { status: 404, kind: 'not_found', retryable: false, message: 'The model does not exist or is not served by any provider.' },
  rate_limited: { status: 429, kind: 'rate_limit', retryable: true, message: 'Rate limit reached.' },
  budget_exceeded: { status: 429, kind: 'billing', retryable: false, message: 'The budget for this period is exhausted.' },
  upstream_rate_limited: { status: 429, kind: 'rate_limit', retryable: true, message: 'The provider is rate limiting requests.' },
  upstream_error: { status: 502, kind: 'api', retryable: true, message: 'The provider failed to answer.' },
  upstream_bad_response: { status: 502, kind: 'api', retryable: true, message: 'The provider sent a response that could not be understood.' },
  upstream_connection: { status: 502, kind: 'api', retryable: true, message: 'The connection to the provider failed.' },
  upstream_unavailable: { status: 503, kind: 'overloaded', retryable: true, message: 'The provider is unavailable.' },
  upstream_overloaded: { status: 529, kind: 'overloaded', retryable: true, message: 'The provider is overloaded.' },
  upstream_timeout: { status: 504, kind: 'timeout', retryable: true, message: 'The provider did not answer in time.' },
  upstream_rejected: { status: 400, kind: 'invalid_request', retryable: false, message: 'The provider rejected the request.' },
  stream_truncated: { status: 502, kind: 'api', retryable: true, message: 'The provider stream ended before it was complete.' },
  circuit_open: { status: 503, kind: 'overloaded', retryable: true, message: "The provider's circuit is open: it failed too often and is skipped for now." },
  no_healthy_candidate: { status: 503, kind: 'overloaded', retryable: true, message: 'Every provider allowed for this request is unavailable.' },
  limits_unavailable: { status: 503, kind: 'overloaded', retryable: true, message: 'The shared rate limits and budgets cannot be checked right now; nothing was sent.' },
  shutting_down: { status: 503, kind: 'overloaded', retryable: true, message: 'The gateway is shutting down.' },
  internal_error: { status: 500, kind: 'api', retryable: false, message: 'Internal error.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorCatalog;
