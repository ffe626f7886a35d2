import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { RateSubject } from './rate-limiter.ts';

const retryAfter = (waitMs: number) => Math.max(1, Math.ceil(waitMs / 1000));

/** 429 for a subject past its requests per minute, retryable once `waitMs` have passed. */
export function requestsRefusal(subject: RateSubject, limit: number, waitMs: number): GatewayError {
  return new GatewayError('rate_limited', {
    message: `Rate limit reached for ${subject.scope} ${subject.id}: ${limit} requests per minute.`,
    retryAfterSeconds: retryAfter(waitMs),
  });
}

/** 429 for a subject past its tokens per minute, retryable once `waitMs` have passed. */
export function tokensRefusal(subject: RateSubject, limit: number, waitMs: number): GatewayError {
  return new GatewayError('rate_limited', {
    message: `Rate limit reached for ${subject.scope} ${subject.id}: ${limit} tokens per minute.`,
    retryAfterSeconds: retryAfter(waitMs),
  });
}

/** 429 without `retry-after` and not retryable: the request needs more than the subject's whole limit. */
export function tooLargeRefusal(subject: RateSubject, requiredTokens: number, limit: number): GatewayError {
  return new GatewayError('rate_limited', {
    message: `The request needs about ${requiredTokens} tokens but the ${subject.scope}'s limit is ${limit} tokens per minute.`,
    retryable: false,
  });
}

/** The tokens a cost holds at the most and needs at the least, as whole non-negative numbers. */
export function tokenBounds(cost: { tokens: number; requiredTokens?: number }): { tokens: number; required: number } {
  const tokens = Number.isFinite(cost.tokens) && cost.tokens > 0 ? Math.ceil(cost.tokens) : 0;
  return { tokens, required: Math.min(tokens, Math.max(0, Math.ceil(cost.requiredTokens ?? tokens))) };
}
