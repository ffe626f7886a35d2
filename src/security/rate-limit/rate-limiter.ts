import type { RateLimits } from './rate-limits.ts';

/** Something rate limited: a key or a tenant, with its limits. */
export interface RateSubject {
  scope: 'key' | 'tenant';
  id: string;
  limits: RateLimits;
}

/** The tokens a request is admitted with against tokens-per-minute limits. */
export interface TokenCost {
  /** Its worst case: estimated input plus the most output it may produce. */
  tokens: number;
  /**
   * What it needs at the least (estimated input plus the output the client itself asked for; default `tokens`).
   * A subject whose limit is below this refuses the request as too large. Where the worst case beyond it is only
   * an assumption (no `max_tokens`) and does not fit, the hold is cut to what is left of the limit: the request
   * is admitted when what it needs fits, and a use beyond its hold is charged when it settles.
   */
  requiredTokens?: number;
}

/** Tokens held for one request between `reserve` and `settle`/`release`. */
export interface RateReservation {
  /** Tokens held against each token-limited subject, by `scope:id`. */
  readonly held: ReadonlyMap<string, number>;
  /** When it was admitted: its tokens count in the minute after this time. */
  readonly time: number;
  readonly state: 'held' | 'settled' | 'released';
}

/**
 * Request and token rate limits per minute, checked against every subject (a key and its tenant) at once, all or
 * nothing. Requests are admitted by `check`; tokens are reserved at their worst case before dispatch by `reserve`
 * and replaced by what the request actually used by `settle` (or freed by `release`), so concurrent requests can
 * together never hold more than a limit. Promise-based so that a shared backend (Redis) fits the same interface.
 */
export interface RateLimiter {
  /**
   * Admits one request against every subject's requests per minute, or rejects with
   * `GatewayError('rate_limited', { retryAfterSeconds })` and charges nothing. A subject that used more tokens
   * than its limit in the last minute (a request's actual use beyond its worst case) is refused too.
   */
  check(subjects: readonly RateSubject[]): Promise<void>;
  /**
   * Holds `cost.tokens` against every subject with a tokens-per-minute limit if each can take it now; otherwise
   * holds nothing and rejects with `rate_limited` (with `retryAfterSeconds`; without it, and not retryable, when
   * the request needs more than a limit at all).
   */
  reserve(subjects: readonly RateSubject[], cost: TokenCost): Promise<RateReservation>;
  /** Replaces the hold by the tokens actually used (more or fewer). Idempotent. */
  settle(reservation: RateReservation, actualTokens: number): void;
  /** Frees the hold: nothing was used. Idempotent. */
  release(reservation: RateReservation): void;
}
