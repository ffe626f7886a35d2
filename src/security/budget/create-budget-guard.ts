import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { SpendJournal } from '../../store/spend-journal.ts';
import { wholeNanoUsd, wholeTokens } from './budget-amounts.ts';
import { BudgetCounters, type BudgetCounter } from './budget-counters.ts';
import type { BudgetGuard, BudgetedPrincipal, PeriodSpend, Reservation } from './budget-guard.ts';
import { budgetLimitOf, hasBudgetLimits, type BudgetLimits } from './budget-limits.ts';
import { periodKey, type BudgetPeriod } from './budget-period.ts';
import { budgetRefusal } from './budget-refusal.ts';

export interface BudgetGuardOptions {
  /** Where spend and holds are written (write-ahead, group-committed); the caller opens and closes it. */
  journal: SpendJournal;
  /** A tenant's budgets (from configuration); undefined: none. */
  tenantBudgets?: (tenant: string) => BudgetLimits | undefined;
  now?: () => number;
}

interface Held extends Reservation {
  state: Reservation['state'];
  counters: BudgetCounter[];
  /** The journal's hold, when one was written. */
  id?: string;
}

const periods: readonly BudgetPeriod[] = ['day', 'month'];

/**
 * Throws `budget_exceeded` for the first of the principal's four counters (key day, key month, tenant day, tenant
 * month) that `nanoUsd` and `tokens` more would take over its limit; returns when every one has room.
 */
function refuseOverLimit(held: readonly BudgetCounter[], limits: Record<'key' | 'tenant', BudgetLimits | undefined>, nanoUsd: number, tokens: number, time: number): void {
  for (let index = 0; index < held.length; index++) {
    const counter = held[index]!;
    const scope = index < 2 ? 'key' : 'tenant';
    const period = periods[index % 2]!;
    const usdLimit = budgetLimitOf(limits[scope], period, 'usd');
    const tokenLimit = budgetLimitOf(limits[scope], period, 'tokens');
    const overUsd = usdLimit !== undefined && counter.spentNanoUsd + counter.reservedNanoUsd + nanoUsd > usdLimit;
    const overTokens = tokenLimit !== undefined && counter.spentTokens + counter.reservedTokens + tokens > tokenLimit;
    if (overUsd || overTokens) {
      throw budgetRefusal(
        overUsd
          ? { scope, period, unit: 'usd', limit: usdLimit ?? 0, spent: counter.spentNanoUsd, held: counter.reservedNanoUsd, needed: nanoUsd }
          : { scope, period, unit: 'tokens', limit: tokenLimit ?? 0, spent: counter.spentTokens, held: counter.reservedTokens, needed: tokens },
        time,
      );
    }
  }
}

/** Adds (`sign` 1) or takes back (`sign` -1) a reservation's amounts on each of its counters. */
function adjustReserved(held: Held, sign: 1 | -1): void {
  for (const counter of held.counters) {
    counter.reservedNanoUsd += sign * held.nanoUsd;
    counter.reservedTokens += sign * held.tokens;
  }
}

/** Books spend in memory; without a hold, also as loose spend in the journal. */
function book(journal: SpendJournal, held: Held, nanoUsd: number, tokens: number): void {
  for (const counter of held.counters) {
    counter.spentNanoUsd += nanoUsd;
    counter.spentTokens += tokens;
    if (!held.id) journal.add({ scope: counter.scope, period: counter.period, nanoUsd, tokens });
  }
  if (held.id) journal.settle({ id: held.id, nanoUsd, tokens });
}

/** Write-ahead: makes the reservation's hold durable before the request may be dispatched, or releases it and throws. */
async function writeHold(journal: SpendJournal, reservation: Held): Promise<void> {
  reservation.id = journal.nextId();
  const held = reservation.counters;
  try {
    await journal.hold({
      id: reservation.id,
      kind: 'budget',
      time: reservation.time,
      scopes: [held[0]!.scope, held[2]!.scope],
      periods: [held[0]!.period, held[1]!.period],
      nanoUsd: reservation.nanoUsd,
      tokens: reservation.tokens,
    });
  } catch (error) {
    reservation.state = 'released';
    adjustReserved(reservation, -1);
    throw new GatewayError('internal_error', { message: 'The budget reservation could not be recorded durably; nothing was sent.', cause: error });
  }
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
  const counters = new BudgetCounters(journal, now());

  return {
    async reserve(principal: BudgetedPrincipal, worstCaseUsd, worstCaseTokens) {
      const time = now();
      counters.sweep(time);
      const nanoUsd = wholeNanoUsd(worstCaseUsd);
      const tokens = wholeTokens(worstCaseTokens);
      const found = counters.ofPrincipal(principal, counters.periodNames(time));
      const held = Array.isArray(found) ? found : await found;

      // From here to the end: synchronous, so no other request can reserve in between.
      const tenantLimits = options.tenantBudgets?.(principal.tenant);
      refuseOverLimit(held, { key: principal.budgets, tenant: tenantLimits }, nanoUsd, tokens, time);
      const reservation: Held = { nanoUsd, tokens, time, state: 'held', counters: held };
      adjustReserved(reservation, 1);
      if (hasBudgetLimits(principal.budgets) || hasBudgetLimits(tenantLimits)) await writeHold(journal, reservation);
      return reservation;
    },

    settle(reservation, actualUsd, actualTokens) {
      const held = reservation as Held;
      if (held.state !== 'held') return;
      held.state = 'settled';
      adjustReserved(held, -1);
      book(journal, held, wholeNanoUsd(actualUsd), wholeTokens(actualTokens));
    },

    release(reservation) {
      const held = reservation as Held;
      if (held.state !== 'held') return;
      held.state = 'released';
      adjustReserved(held, -1);
      if (held.id) journal.settle({ id: held.id, nanoUsd: 0, tokens: 0 });
    },

    async spend(scope, id, period, time = now()): Promise<PeriodSpend> {
      const scopeKey = `${scope}:${id}`;
      const periodName = periodKey(period, time);
      await counters.load(scopeKey, periodName);
      const counter = counters.get(scopeKey, periodName);
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
