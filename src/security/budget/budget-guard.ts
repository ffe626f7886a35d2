import type { Principal } from '../../core/principal.ts';
import type { BudgetLimits } from './budget-limits.ts';
import type { BudgetPeriod } from './budget-period.ts';

/** Money and tokens held for one request between `reserve` and `settle`/`release`. */
export interface Reservation {
  /** Integer nano-dollars held. */
  readonly nanoUsd: number;
  readonly tokens: number;
  /** When it was made: the spend is booked to the day and month of this time. */
  readonly time: number;
  readonly state: 'held' | 'settled' | 'released';
}

/** Spend of one scope in one period, in integer nano-dollars and tokens. */
export interface PeriodSpend {
  period: string;
  spentNanoUsd: number;
  reservedNanoUsd: number;
  spentTokens: number;
  reservedTokens: number;
}

/** A principal whose key may carry its own budgets (virtual keys do). */
export type BudgetedPrincipal = Principal & { budgets?: BudgetLimits };

/**
 * Budgets per key and per tenant, per UTC day and month, in USD and tokens. A request reserves its worst case
 * before dispatch and settles its actual cost afterwards, so concurrent requests cannot together overspend; a
 * reservation is durable before `reserve` resolves, so a crash cannot make a restarted gateway forget it.
 */
export interface BudgetGuard {
  /**
   * Holds `worstCaseUsd` and `worstCaseTokens` against every budget of the principal's key and tenant, or rejects
   * with `GatewayError('budget_exceeded')` (holding nothing) when spent + reserved + worst case would exceed one.
   * Where the key or tenant has a budget, resolves once the hold is durable (`internal_error` if it cannot be).
   */
  reserve(principal: BudgetedPrincipal, worstCaseUsd: number, worstCaseTokens: number): Promise<Reservation>;
  /** Books the actual cost and frees the hold. Idempotent; the actual may exceed the worst case. */
  settle(reservation: Reservation, actualUsd: number, actualTokens: number): void;
  /** Frees the hold without booking anything (the request failed before costing). Idempotent. */
  release(reservation: Reservation): void;
  /** Current spend of a key (`key`, key id) or tenant (`tenant`, name) for the period containing `time`. */
  spend(scope: 'key' | 'tenant', id: string, period: BudgetPeriod, time?: number): Promise<PeriodSpend>;
  /** Writes booked spend not yet persisted (through the spend journal). */
  flush(): Promise<void>;
  /** Flushes; the journal itself is closed by whoever opened it. */
  close(): Promise<void>;
}
