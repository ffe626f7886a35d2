import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { createSpendJournal, type SpendJournal } from '../../store/spend-journal.ts';
import type { SpendRepository } from '../../store/spend-repository.ts';
import { createSqliteSpendRepository } from '../../store/sqlite/sqlite-spend-repository.ts';
import { openTemporaryDatabase, type TemporaryDatabase } from '../../store/sqlite/temporary-database.ts';
import type { BudgetGuard, BudgetedPrincipal, Reservation } from './budget-guard.ts';
import type { BudgetLimits } from './budget-limits.ts';
import { periodEnd } from './budget-period.ts';
import type { BudgetGuardOptions } from './create-budget-guard.ts';

/** A principal of tenant `acme` with the key's own budgets. */
export function budgetedPrincipal(budgets: BudgetLimits = {}, keyId = 'key_a'): BudgetedPrincipal {
  return { tenant: 'acme', keyId, scopes: ['*'], clearance: 'UNCLASSIFIED', labels: [], budgets };
}

const principal = budgetedPrincipal;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The value, or the `GatewayError` it was refused with. */
export async function attempt<Result>(run: () => Promise<Result>): Promise<Result | GatewayError> {
  try {
    return await run();
  } catch (error) {
    if (GatewayError.isInstance(error)) return error;
    throw error;
  }
}

/**
 * The behaviour every `BudgetGuard` must have, whatever keeps its live counters (this process's memory, or Redis
 * for every instance): the same admissions, refusals and messages, the same bookings in the journal. `create` is
 * called in a test with the journal and clock to use, and must return a guard with no history.
 */
export function describeBudgetGuardContract(backend: string, create: (options: BudgetGuardOptions) => Promise<BudgetGuard>): void {
  describe(`BudgetGuard contract (${backend})`, () => {
    let temporary: TemporaryDatabase;
    let database: Database;
    let time: number;
    let journals: SpendJournal[];
    const journalOn = (repository: SpendRepository = createSqliteSpendRepository(database)) => {
      const journal = createSpendJournal(repository, { now: () => time, flushIntervalMs: 60_000 });
      journals.push(journal);
      return journal;
    };
    const open = (extra: Partial<BudgetGuardOptions> = {}) => create({ journal: journalOn(), now: () => time, ...extra });
    const openHolds = () => createSqliteSpendRepository(database).holdsSince('budget', 0);

    beforeEach(() => {
      temporary = openTemporaryDatabase();
      database = temporary.database;
      time = Date.UTC(2026, 2, 14, 12);
      journals = [];
    });
    afterEach(async () => {
      for (const journal of journals) await journal.close();
      temporary.close();
    });

    it('lets 100 concurrent requests spend no more than a budget that fits 10', async () => {
      const guard = await open();
      const worstCase = 0.01;
      const key = principal({ usdPerDay: 0.1 });
      const settled: number[] = [];
      // Every reservation is decided before any settles (a backend whose reservations take a round trip would
      // otherwise admit more, legitimately, as settled requests give back what they did not use).
      const outcomes = await Promise.all(Array.from({ length: 100 }, () => attempt(() => guard.reserve(key, worstCase, 1_000))));
      const refused = outcomes.filter((outcome) => GatewayError.isInstance(outcome));
      expect(outcomes.length - refused.length).toBe(10);
      await Promise.all(
        outcomes.map(async (outcome, index) => {
          if (GatewayError.isInstance(outcome)) return;
          await sleep(index % 7);
          const actual = index % 2 === 0 ? worstCase : worstCase / 2;
          guard.settle(outcome, actual, 500);
          settled.push(actual);
        }),
      );
      expect(refused.every((error) => error.code === 'budget_exceeded' && error.status === 429)).toBe(true);
      const total = settled.reduce((sum, amount) => sum + amount, 0);
      expect(total).toBeLessThanOrEqual(0.1);
      const spend = await guard.spend('key', 'key_a', 'day');
      expect(spend.reservedNanoUsd).toBe(0);
      expect(spend.spentNanoUsd).toBe(Math.round(total * 1e9));
    });

    it('holds a tenant budget across its keys under concurrency', async () => {
      const guard = await open({ tenantBudgets: (tenant) => (tenant === 'acme' ? { tokensPerMonth: 10_000 } : undefined) });
      const outcomes = await Promise.all(
        Array.from({ length: 60 }, (_, index) => attempt(() => guard.reserve(principal({}, `key_${index % 6}`), 0, 1_000))),
      );
      const held = outcomes.filter((outcome): outcome is Reservation => !GatewayError.isInstance(outcome));
      expect(held).toHaveLength(10);
      for (const reservation of held) guard.settle(reservation, 0, 1_000);
      expect((await guard.spend('tenant', 'acme', 'month')).spentTokens).toBe(10_000);
    });

    it('frees what a settled request did not use, and all of a released one', async () => {
      const guard = await open();
      const key = principal({ usdPerDay: 1 });
      const first = await guard.reserve(key, 0.6, 0);
      await expect(guard.reserve(key, 0.6, 0)).rejects.toMatchObject({ code: 'budget_exceeded' });
      guard.settle(first, 0.1, 0);
      const second = await guard.reserve(key, 0.6, 0);
      guard.release(second);
      guard.release(second);
      guard.settle(second, 5, 0);
      expect(second.state).toBe('released');
      expect(await guard.spend('key', 'key_a', 'day')).toMatchObject({ spentNanoUsd: 100_000_000, reservedNanoUsd: 0 });
      await guard.reserve(key, 0.9, 0);
    });

    it('books an actual above the worst case, and then refuses', async () => {
      const guard = await open();
      const key = principal({ tokensPerDay: 1_000 });
      guard.settle(await guard.reserve(key, 0, 100), 0, 1_200);
      const error = await attempt(() => guard.reserve(key, 0, 1));
      expect(GatewayError.isInstance(error) && error.message).toMatch(/daily budget of 1000 tokens.*1200 spent/);
    });

    it('admits a free request under an exhausted USD budget', async () => {
      const guard = await open();
      const key = principal({ usdPerDay: 0 });
      await expect(guard.reserve(key, 0.000001, 0)).rejects.toMatchObject({ code: 'budget_exceeded' });
      await expect(guard.reserve(key, 0, 5_000)).resolves.toMatchObject({ state: 'held' });
    });

    it('tells when the period resets and names the budget in the message, never a secret', async () => {
      const guard = await open();
      const error = await attempt(() => guard.reserve(principal({ usdPerMonth: 0.5 }), 1, 0));
      expect(GatewayError.isInstance(error)).toBe(true);
      if (!GatewayError.isInstance(error)) return;
      expect(error.retryAfterSeconds).toBe((periodEnd('month', time) - time) / 1000);
      expect(error.message).toContain("key's monthly budget of $0.50");
      expect(error.details).toEqual({ scope: 'key', period: 'month', unit: 'usd' });
    });

    it('starts a new day at UTC midnight but keeps counting the month', async () => {
      const guard = await open();
      const key = principal({ usdPerDay: 1, usdPerMonth: 1.5 });
      guard.settle(await guard.reserve(key, 1, 0), 1, 0);
      await expect(guard.reserve(key, 0.1, 0)).rejects.toMatchObject({ details: { period: 'day' } });
      time = Date.UTC(2026, 2, 15, 0, 0, 0);
      guard.settle(await guard.reserve(key, 0.5, 0), 0.5, 0);
      await expect(guard.reserve(key, 0.1, 0)).rejects.toMatchObject({ details: { period: 'month' } });
      time = Date.UTC(2026, 3, 1);
      await expect(guard.reserve(key, 1, 0)).resolves.toMatchObject({ state: 'held' });
    });

    it('writes a hold only for a key or tenant with a budget, and persists the spend of the others too', async () => {
      const guard = await open({ tenantBudgets: (tenant) => (tenant === 'capped' ? { tokensPerDay: 1_000_000 } : undefined) });
      const free = await guard.reserve(principal(), 0.5, 100);
      expect(await openHolds()).toEqual([]);
      guard.settle(free, 0.25, 50);
      const capped = await guard.reserve({ ...principal(), tenant: 'capped' }, 0.5, 100);
      expect(await openHolds()).toEqual([
        expect.objectContaining({ kind: 'budget', scopes: ['key:key_a', 'tenant:capped'], periods: ['2026-03-14', '2026-03'], nanoUsd: 500_000_000, tokens: 100 }),
      ]);
      guard.release(capped);
      await guard.flush();
      expect(await openHolds()).toEqual([]);
      const repository = createSqliteSpendRepository(database);
      expect(await repository.get('key:key_a', '2026-03-14')).toEqual({ nanoUsd: 250_000_000, tokens: 50 });
      expect(await repository.get('tenant:capped', '2026-03')).toEqual({ nanoUsd: 0, tokens: 0 });
    });

    it('refuses a request whose hold cannot be written, holding nothing', async () => {
      const repository = createSqliteSpendRepository(database);
      let fail = true;
      const guard = await create({
        journal: journalOn({
          ...repository,
          commit: async (batch, at) => {
            if (fail && (batch.holds?.length ?? 0) > 0) throw new Error('disk full');
            await repository.commit(batch, at);
          },
        }),
        now: () => time,
      });
      const key = principal({ usdPerDay: 1 });
      await expect(guard.reserve(key, 0.9, 0)).rejects.toMatchObject({ code: 'internal_error', status: 500, message: expect.stringMatching(/nothing was sent/) });
      expect(await guard.spend('key', 'key_a', 'day')).toMatchObject({ reservedNanoUsd: 0, spentNanoUsd: 0 });
      fail = false;
      await expect(guard.reserve(key, 0.9, 0)).resolves.toMatchObject({ state: 'held' });
    });

    describe('a reservation across a period boundary', () => {
      it('is booked to the day and month it was admitted in, and leaves the new day whole', async () => {
        const guard = await open();
        const key = principal({ usdPerDay: 1, usdPerMonth: 10 });
        time = Date.UTC(2026, 2, 14, 23, 59, 59, 500);
        const lateNight = await guard.reserve(key, 0.8, 80);
        time = Date.UTC(2026, 2, 15, 0, 0, 1);
        // The new day's budget is not touched by what the previous day admitted...
        const morning = await guard.reserve(key, 1, 0);
        guard.release(morning);
        // ...and settling after midnight books to the day of admission.
        guard.settle(lateNight, 0.7, 70);
        expect(await guard.spend('key', 'key_a', 'day', Date.UTC(2026, 2, 14, 12))).toMatchObject({ spentNanoUsd: 700_000_000, reservedNanoUsd: 0 });
        expect(await guard.spend('key', 'key_a', 'day')).toMatchObject({ spentNanoUsd: 0, reservedNanoUsd: 0 });
        expect(await guard.spend('key', 'key_a', 'month')).toMatchObject({ spentNanoUsd: 700_000_000, spentTokens: 70 });
        await guard.flush();
        const repository = createSqliteSpendRepository(database);
        expect(await repository.get('key:key_a', '2026-03-14')).toEqual({ nanoUsd: 700_000_000, tokens: 70 });
        expect(await repository.get('key:key_a', '2026-03-15')).toEqual({ nanoUsd: 0, tokens: 0 });
      });

      it('frees the hold of the day it was made in when released after midnight', async () => {
        const guard = await open();
        const key = principal({ usdPerDay: 1 });
        time = Date.UTC(2026, 2, 14, 23, 59, 59, 999);
        const held = await guard.reserve(key, 0.6, 0);
        time = Date.UTC(2026, 2, 15, 0, 0, 0);
        guard.release(held);
        expect(await guard.spend('key', 'key_a', 'day', Date.UTC(2026, 2, 14))).toMatchObject({ spentNanoUsd: 0, reservedNanoUsd: 0 });
        await expect(guard.reserve(key, 1, 0)).resolves.toMatchObject({ state: 'held' });
      });

    });
  });
}
