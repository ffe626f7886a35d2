import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { SpendJournal } from '../../store/spend-journal.ts';
import { usdToNanoUsd } from '../pricing/nano-usd.ts';
import { budgetRefusal } from './budget-refusal.ts';
import type { BudgetGuard, BudgetedPrincipal, PeriodSpend, Reservation } from './budget-guard.ts';
import type { BudgetLimits } from './budget-limits.ts';
import { periodEnd, periodKey, type BudgetPeriod } from './budget-period.ts';

export interface BudgetGuardOptions {
  /** Where spend and holds are written (write-ahead, group-committed); the caller opens and closes it. */
  journal: SpendJournal;
  /** A tenant's budgets (from configuration); undefined: none. */
  tenantBudgets?: (tenant: string) => BudgetLimits | undefined;
  now?: () => number;
}

interface Counter {
  key: string;
  scope: string;
  period: string;
  spentNanoUsd: number;
  spentTokens: number;
  reservedNanoUsd: number;
  reservedTokens: number;
}

interface Held extends Reservation {
  state: Reservation['state'];
  counters: Counter[];
  /** The journal's hold, when one was written. */
  id?: string;
}

const periods: readonly BudgetPeriod[] = ['day', 'month'];

function nonNegativeInteger(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.ceil(value) : 0;
}

function hasLimits(limits: BudgetLimits | undefined): boolean {
  return limits !== undefined && (limits.usdPerDay ?? limits.usdPerMonth ?? limits.tokensPerDay ?? limits.tokensPerMonth) !== undefined;
}

function limitFor(limits: BudgetLimits | undefined, period: BudgetPeriod) {
  if (!limits) return { nanoUsd: undefined, tokens: undefined };
  const usd = period === 'day' ? limits.usdPerDay : limits.usdPerMonth;
  return { nanoUsd: usd === undefined ? undefined : usdToNanoUsd(usd), tokens: period === 'day' ? limits.tokensPerDay : limits.tokensPerMonth };
}

/**
 * The budget guard: live counters (spent and reserved, per scope and period) in memory, so `reserve` checks and
 * holds in one synchronous step and concurrent requests cannot overspend; durable through the spend journal.
 * A reservation of a key or tenant that has a budget is written as a hold before `reserve` resolves (write-ahead,
 * group-committed with every other hold of the same event-loop turn): after a crash, the restarted gateway books
 * each hold still open at its worst case (`SpendJournal.recover`), so nothing admitted is lost. Settling replaces
 * the hold by the actual cost in the same transaction. Spend of principals without any budget is written in
 * batches (at most `flushIntervalMs` of the journal late); a crash may lose that, and no limit depends on it.
 * Counters are loaded from the journal on first use of a scope in a period.
 */
export function createBudgetGuard(options: BudgetGuardOptions): BudgetGuard {
  const { journal } = options;
  const now = options.now ?? Date.now;
  const counters = new Map<string, Counter>();
  const loading = new Map<string, Promise<void>>();
  let currentDay = periodKey('day', now());

  function load(scope: string, period: string): Promise<void> {
    const key = `${scope}|${period}`;
    if (counters.has(key)) return Promise.resolve();
    let pending = loading.get(key);
    if (!pending) {
      pending = journal
        .totals(scope, period)
        .then((persisted) => {
          if (counters.has(key)) return;
          counters.set(key, {
            key,
            scope,
            period,
            spentNanoUsd: persisted.nanoUsd,
            spentTokens: persisted.tokens,
            reservedNanoUsd: 0,
            reservedTokens: 0,
          });
        })
        .finally(() => loading.delete(key));
      loading.set(key, pending);
    }
    return pending;
  }

  /** Forgets counters of past periods that hold nothing (the journal has their spend). */
  function sweep(time: number): void {
    const { day, month } = periodNames(time);
    if (day === currentDay) return;
    currentDay = day;
    subjects.clear();
    for (const [key, counter] of counters) {
      if (counter.period !== day && counter.period !== month && counter.reservedNanoUsd === 0 && counter.reservedTokens === 0) {
        counters.delete(key);
      }
    }
  }

  /** Books spend in memory; without a hold, also as loose spend in the journal. */
  function book(held: Held, nanoUsd: number, tokens: number): void {
    for (const counter of held.counters) {
      counter.spentNanoUsd += nanoUsd;
      counter.spentTokens += tokens;
      if (!held.id) journal.add({ scope: counter.scope, period: counter.period, nanoUsd, tokens });
    }
    if (held.id) journal.settle({ id: held.id, nanoUsd, tokens });
  }

  function unhold(held: Held): void {
    for (const counter of held.counters) {
      counter.reservedNanoUsd -= held.nanoUsd;
      counter.reservedTokens -= held.tokens;
    }
  }

  // Period names change once a UTC day: computed then, not per request.
  let names = { from: 0, to: -1, day: '', month: '' };
  function periodNames(time: number): typeof names {
    if (time < names.from || time >= names.to) {
      const to = periodEnd('day', time);
      names = { from: to - 86_400_000, to, day: periodKey('day', time), month: periodKey('month', time) };
    }
    return names;
  }

  /** The four counters a principal's requests hold and book (key and tenant, day and month), per key and tenant. */
  const subjects = new Map<string, { day: string; counters: Counter[] }>();
  function countersOf(principal: BudgetedPrincipal, current: typeof names): Counter[] | Promise<Counter[]> {
    const subject = `${principal.keyId}\n${principal.tenant}`;
    const cached = subjects.get(subject);
    if (cached && cached.day === current.day) return cached.counters;
    const keys = [
      [`key:${principal.keyId}`, current.day],
      [`key:${principal.keyId}`, current.month],
      [`tenant:${principal.tenant}`, current.day],
      [`tenant:${principal.tenant}`, current.month],
    ] as const;
    const collect = (): Counter[] => {
      const found = keys.map(([scope, period]) => counters.get(`${scope}|${period}`));
      if (found.some((counter) => counter === undefined)) throw new GatewayError('internal_error', { message: 'budget counter missing after load' });
      subjects.set(subject, { day: current.day, counters: found as Counter[] });
      return found as Counter[];
    };
    if (keys.every(([scope, period]) => counters.has(`${scope}|${period}`))) return collect();
    return Promise.all(keys.map(([scope, period]) => load(scope, period))).then(collect);
  }

  return {
    async reserve(principal: BudgetedPrincipal, worstCaseUsd, worstCaseTokens) {
      const time = now();
      sweep(time);
      const current = periodNames(time);
      const nanoUsd = nonNegativeInteger(usdToNanoUsd(Number.isFinite(worstCaseUsd) ? worstCaseUsd : 0));
      const tokens = nonNegativeInteger(worstCaseTokens);
      const found = countersOf(principal, current);
      const held = Array.isArray(found) ? found : await found;

      // From here to the end: synchronous, so no other request can reserve in between.
      const tenantLimits = options.tenantBudgets?.(principal.tenant);
      for (let index = 0; index < held.length; index++) {
        const counter = held[index]!;
        const scope = index < 2 ? 'key' : 'tenant';
        const period = periods[index % 2]!;
        const limit = limitFor(index < 2 ? principal.budgets : tenantLimits, period);
        const overUsd = limit.nanoUsd !== undefined && counter.spentNanoUsd + counter.reservedNanoUsd + nanoUsd > limit.nanoUsd;
        const overTokens = limit.tokens !== undefined && counter.spentTokens + counter.reservedTokens + tokens > limit.tokens;
        if (overUsd || overTokens) {
          throw budgetRefusal(
            overUsd
              ? { scope, period, unit: 'usd', limit: limit.nanoUsd ?? 0, spent: counter.spentNanoUsd, held: counter.reservedNanoUsd, needed: nanoUsd }
              : { scope, period, unit: 'tokens', limit: limit.tokens ?? 0, spent: counter.spentTokens, held: counter.reservedTokens, needed: tokens },
            time,
          );
        }
      }
      for (const counter of held) {
        counter.reservedNanoUsd += nanoUsd;
        counter.reservedTokens += tokens;
      }
      const reservation: Held = { nanoUsd, tokens, time, state: 'held', counters: held };
      if (!hasLimits(principal.budgets) && !hasLimits(tenantLimits)) return reservation;
      // Write-ahead: the hold is durable before the request may be dispatched.
      reservation.id = journal.nextId();
      try {
        await journal.hold({
          id: reservation.id,
          kind: 'budget',
          time,
          scopes: [held[0]!.scope, held[2]!.scope],
          periods: [held[0]!.period, held[1]!.period],
          nanoUsd,
          tokens,
        });
      } catch (error) {
        reservation.state = 'released';
        unhold(reservation);
        throw new GatewayError('internal_error', {
          message: 'The budget reservation could not be recorded durably; nothing was sent.',
          cause: error,
        });
      }
      return reservation;
    },

    settle(reservation, actualUsd, actualTokens) {
      const held = reservation as Held;
      if (held.state !== 'held') return;
      held.state = 'settled';
      unhold(held);
      book(held, nonNegativeInteger(usdToNanoUsd(Number.isFinite(actualUsd) ? actualUsd : 0)), nonNegativeInteger(actualTokens));
    },

    release(reservation) {
      const held = reservation as Held;
      if (held.state !== 'held') return;
      held.state = 'released';
      unhold(held);
      if (held.id) journal.settle({ id: held.id, nanoUsd: 0, tokens: 0 });
    },

    async spend(scope, id, period, time = now()): Promise<PeriodSpend> {
      const scopeKey = `${scope}:${id}`;
      const periodName = periodKey(period, time);
      await load(scopeKey, periodName);
      const counter = counters.get(`${scopeKey}|${periodName}`);
      return {
        period: periodName,
        spentNanoUsd: counter?.spentNanoUsd ?? 0,
        reservedNanoUsd: counter?.reservedNanoUsd ?? 0,
        spentTokens: counter?.spentTokens ?? 0,
        reservedTokens: counter?.reservedTokens ?? 0,
      };
    },

    flush: () => journal.flush(),

    close: () => journal.flush(),
  };
}
