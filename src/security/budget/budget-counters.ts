import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { SpendJournal } from '../../store/spend-journal.ts';
import type { BudgetedPrincipal } from './budget-guard.ts';
import { periodEnd, periodKey } from './budget-period.ts';

/** Spent and reserved amounts of one scope (`key:<id>`, `tenant:<name>`) in one period (`2026-03-14`, `2026-03`). */
export interface BudgetCounter {
  key: string;
  scope: string;
  period: string;
  spentNanoUsd: number;
  spentTokens: number;
  reservedNanoUsd: number;
  reservedTokens: number;
}

/** The names of the day and the month containing a time, valid from `from` to `to` (ms, UTC). */
export interface PeriodNames {
  from: number;
  to: number;
  day: string;
  month: string;
}

/**
 * The in-process guard's live counters: loaded from the spend journal on first use of a scope in a period, kept
 * in memory after that, and forgotten once their period is over and they hold nothing (the journal has their spend).
 */
export class BudgetCounters {
  readonly #journal: Pick<SpendJournal, 'totals'>;
  readonly #counters = new Map<string, BudgetCounter>();
  readonly #loading = new Map<string, Promise<void>>();
  /** The four counters of a principal (key and tenant, day and month), per key and tenant, for `day`. */
  readonly #subjects = new Map<string, { day: string; counters: BudgetCounter[] }>();
  #currentDay: string;
  // Period names change once a UTC day: computed then, not per request.
  #names: PeriodNames = { from: 0, to: -1, day: '', month: '' };

  constructor(journal: Pick<SpendJournal, 'totals'>, time: number) {
    this.#journal = journal;
    this.#currentDay = periodKey('day', time);
  }

  /** The counter of `scope` in `period`, once loaded. */
  get(scope: string, period: string): BudgetCounter | undefined {
    return this.#counters.get(`${scope}|${period}`);
  }

  /** Loads the counter of `scope` in `period` from the journal, once (concurrent callers share the read). */
  load(scope: string, period: string): Promise<void> {
    const key = `${scope}|${period}`;
    if (this.#counters.has(key)) return Promise.resolve();
    let pending = this.#loading.get(key);
    if (!pending) {
      pending = this.#journal
        .totals(scope, period)
        .then((persisted) => {
          if (this.#counters.has(key)) return;
          this.#counters.set(key, { key, scope, period, spentNanoUsd: persisted.nanoUsd, spentTokens: persisted.tokens, reservedNanoUsd: 0, reservedTokens: 0 });
        })
        .finally(() => this.#loading.delete(key));
      this.#loading.set(key, pending);
    }
    return pending;
  }

  /** Forgets counters of past periods that hold nothing, once a new UTC day has begun. */
  sweep(time: number): void {
    const { day, month } = this.periodNames(time);
    if (day === this.#currentDay) return;
    this.#currentDay = day;
    this.#subjects.clear();
    for (const [key, counter] of this.#counters) {
      if (counter.period !== day && counter.period !== month && counter.reservedNanoUsd === 0 && counter.reservedTokens === 0) {
        this.#counters.delete(key);
      }
    }
  }

  /** The day and month containing `time`. */
  periodNames(time: number): PeriodNames {
    if (time < this.#names.from || time >= this.#names.to) {
      const to = periodEnd('day', time);
      this.#names = { from: to - 86_400_000, to, day: periodKey('day', time), month: periodKey('month', time) };
    }
    return this.#names;
  }

  /**
   * The four counters a principal's request holds and books, in this order: key day, key month, tenant day,
   * tenant month. Synchronous when all four are loaded (the usual case), so `reserve` checks and holds in one step.
   */
  ofPrincipal(principal: BudgetedPrincipal, current: PeriodNames): BudgetCounter[] | Promise<BudgetCounter[]> {
    const subject = `${principal.keyId}\n${principal.tenant}`;
    const cached = this.#subjects.get(subject);
    if (cached && cached.day === current.day) return cached.counters;
    const keys = [
      [`key:${principal.keyId}`, current.day],
      [`key:${principal.keyId}`, current.month],
      [`tenant:${principal.tenant}`, current.day],
      [`tenant:${principal.tenant}`, current.month],
    ] as const;
    const collect = (): BudgetCounter[] => {
      const found = keys.map(([scope, period]) => this.get(scope, period));
      if (found.some((counter) => counter === undefined)) throw new GatewayError('internal_error', { message: 'budget counter missing after load' });
      this.#subjects.set(subject, { day: current.day, counters: found as BudgetCounter[] });
      return found as BudgetCounter[];
    };
    if (keys.every(([scope, period]) => this.#counters.has(`${scope}|${period}`))) return collect();
    return Promise.all(keys.map(([scope, period]) => this.load(scope, period))).then(collect);
  }
}
