import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { backoffMs, defaultRetryPolicy, sameCandidateDelayMs } from './retry-policy.ts';

const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 };
const half = () => 0.5;

describe('sameCandidateDelayMs', () => {
  it.each([
    ['a 500', new GatewayError('upstream_error', { details: { upstreamStatus: 500 } }), 75],
    ['a connection reset', new GatewayError('upstream_connection'), 75],
    ['a malformed answer', new GatewayError('upstream_bad_response'), 75],
    ['a stream cut before content', new GatewayError('stream_truncated'), 75],
    ['a 429 without retry-after', new GatewayError('upstream_rate_limited'), 75],
    ['a 429 with retry-after 2', new GatewayError('upstream_rate_limited', { retryAfterSeconds: 2 }), 2_037.5],
    ['a 503 with retry-after 1', new GatewayError('upstream_unavailable', { retryAfterSeconds: 1 }), 1_037.5],
    ['a 429 with retry-after 6 (over the cap)', new GatewayError('upstream_rate_limited', { retryAfterSeconds: 6 }), -1],
    ['a 503 without retry-after (capacity)', new GatewayError('upstream_unavailable'), -1],
    ['a 529 without retry-after (capacity)', new GatewayError('upstream_overloaded'), -1],
    ['a timeout', new GatewayError('upstream_timeout'), -1],
    ['a 401', new GatewayError('upstream_error', { retryable: true, details: { upstreamStatus: 401 } }), -1],
    ['a 400', new GatewayError('upstream_rejected'), -1],
  ])('after %s on the first call: %s ms', (_name, error, expected) => {
    expect(sameCandidateDelayMs(error, 1, policy, half)).toBe(expected);
  });

  it('never retries beyond the attempts per candidate', () => {
    expect(sameCandidateDelayMs(new GatewayError('upstream_connection'), 2, policy, half)).toBe(-1);
  });
});

describe('backoffMs', () => {
  it('doubles per attempt up to the maximum, with half of each step jittered', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(attempt, policy, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(attempt, policy, () => 1))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });
});
