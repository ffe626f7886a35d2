/** Money and tokens spent by one scope (`key:<id>`, `tenant:<name>`) in one period (`2026-03-14`, `2026-03`). */
export interface SpendTotals {
  /** Integer nano-dollars (1e-9 USD). */
  nanoUsd: number;
  tokens: number;
}

export interface SpendDelta extends SpendTotals {
  scope: string;
  period: string;
}

/**
 * What a hold reserves: `budget` holds are booked to the spend counters of every scope in every period when they
 * settle; `rate` holds only remember the tokens a request was admitted with, so a restarted gateway can rebuild
 * its token-rate windows.
 */
export type SpendHoldKind = 'budget' | 'rate';

/**
 * One admitted request's reservation, written before the request is dispatched (write-ahead), so a crash cannot
 * lose it: a hold still open at start-up was in flight and is booked at its worst case.
 */
export interface SpendHold {
  /** Unique across restarts (the gateway's boot id and a sequence number). */
  id: string;
  kind: SpendHoldKind;
  /** When the request was admitted (ms since the epoch). */
  time: number;
  /** `key:<id>`, `tenant:<name>`: the counters (budgets) or subjects (rates) it holds against. */
  scopes: readonly string[];
  /** Budget holds: the periods booked to (`2026-03-14`, `2026-03`). Rate holds: none. */
  periods: readonly string[];
  /** The worst case held: integer nano-dollars and tokens. */
  nanoUsd: number;
  tokens: number;
}

/** What an admitted request actually cost, replacing its hold's worst case. */
export interface SpendSettlement {
  id: string;
  nanoUsd: number;
  tokens: number;
}

/** Writes made together, in this order: holds inserted, then settlements applied, then loose deltas added. */
export interface SpendBatch {
  holds?: readonly SpendHold[];
  settlements?: readonly SpendSettlement[];
  /** Spend not covered by a hold (requests of principals without budgets). */
  deltas?: readonly SpendDelta[];
}

/**
 * Persisted budget spend and the holds of requests in flight. Counters per scope and period are only ever
 * incremented. The budget guard and the rate limiter keep the live figures in memory and write through a
 * group-committed journal (`createSpendJournal`).
 */
export interface SpendRepository {
  /**
   * Writes a batch in one transaction (all or nothing). A settlement applies only to a hold that is still open:
   * a budget hold books the settled amounts to each of its scopes in each of its periods and is removed; a rate
   * hold keeps the settled tokens. A settlement of an unknown or already settled hold books nothing, so booking
   * is exactly once whoever settles first.
   */
  commit(batch: SpendBatch, at: number): Promise<void>;
  /** The totals so far; zero for a scope or period never seen. */
  get(scope: string, period: string): Promise<SpendTotals>;
  /**
   * Settles every open hold at its own worst case (what a crash left in flight counts as spent), in one
   * transaction. Returns how many there were. With `only`, just the open holds it accepts (those of gateway
   * processes known to be gone, when other instances share the database and may have requests in flight).
   */
  settleOpenHolds(at: number, only?: (hold: SpendHold) => boolean): Promise<number>;
  /**
   * Holds of one kind made at or after `since`, open or settled (with the settled amounts), oldest first; with
   * `scope`, only those holding against it. Budget holds are removed once settled, so those listed are open.
   */
  holdsSince(kind: SpendHoldKind, since: number, scope?: string): Promise<SpendHold[]>;
  /** Deletes settled holds made before `before`. */
  prune(before: number): Promise<void>;
}
