import type { RateLimits } from './rate-limits.ts';

/** Something rate limited: a key or a tenant, with its limits. */
export interface RateSubject {
  scope: 'key' | 'tenant';
  id: string;
  limits: RateLimits;
}

/** What one check or consumption costs. */
export interface RateCost {
  requests: number;
  tokens: number;
}

/**
 * Request and token rate limits over one-minute windows. `check` admits a request against every subject at once
 * (all or nothing); `consume` charges what is only known afterwards (the tokens actually used). Promise-based so
 * that a shared backend (Redis) fits the same interface.
 */
export interface RateLimiter {
  /**
   * Charges `cost` to every subject if each can take it now; otherwise charges nothing and rejects with
   * `GatewayError('rate_limited', { retryAfterSeconds })`.
   */
  check(subjects: readonly RateSubject[], cost: RateCost): Promise<void>;
  /** Charges (or, negative, refunds) without checking: tokens used beyond what `check` charged. */
  consume(subjects: readonly RateSubject[], cost: Partial<RateCost>): void;
}
