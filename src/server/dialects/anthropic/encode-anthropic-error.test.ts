import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../core/errors/error-catalog.ts';
import { GatewayError } from '../../../core/errors/gateway-error.ts';
import { encodeAnthropicError } from './encode-anthropic-error.ts';

describe('encodeAnthropicError', () => {
  it.each<[ErrorCode, number, string]>([
    ['invalid_request', 400, 'invalid_request_error'],
    ['invalid_json', 400, 'invalid_request_error'],
    ['invalid_api_key', 401, 'authentication_error'],
    ['policy_denied', 403, 'permission_error'],
    ['model_not_found', 404, 'not_found_error'],
    ['payload_too_large', 413, 'request_too_large'],
    ['rate_limited', 429, 'rate_limit_error'],
    ['budget_exceeded', 429, 'billing_error'],
    ['internal_error', 500, 'api_error'],
    ['upstream_error', 502, 'api_error'],
    ['upstream_unavailable', 503, 'overloaded_error'],
    ['upstream_timeout', 504, 'timeout_error'],
    ['upstream_overloaded', 529, 'overloaded_error'],
  ])('answers %s with %i %s', (code, status, type) => {
    const error = new GatewayError(code);
    const response = encodeAnthropicError(error);
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ type: 'error', error: { type, message: error.message } });
    expect(response.headers['content-type']).toBe('application/json');
  });

  it('sends retry-after and the request id when known', () => {
    const response = encodeAnthropicError(new GatewayError('upstream_rate_limited', { retryAfterSeconds: 7 }), { requestId: 'req_42' });
    expect(response.headers['retry-after']).toBe('7');
    expect(response.headers['request-id']).toBe('req_42');
    expect(response.body.request_id).toBe('req_42');
  });

  it('does not expose the cause of an internal error', () => {
    const response = encodeAnthropicError(GatewayError.from(new Error('database password is hunter2')));
    expect(JSON.stringify(response)).not.toContain('hunter2');
  });
});
