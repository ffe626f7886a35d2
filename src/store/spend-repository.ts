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
 * Persisted budget spend: counters per scope and period, only ever incremented. The budget guard keeps the
 * live figures in memory and writes the increments in batches through `add`.
 */
export interface SpendRepository {
  /** Adds every delta in one transaction (all or nothing). */
  add(deltas: readonly SpendDelta[], at: number): Promise<void>;
  /** The totals so far; zero for a scope or period never seen. */
  get(scope: string, period: string): Promise<SpendTotals>;
}
