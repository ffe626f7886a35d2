import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { createSqliteSpendRepository } from '../../store/sqlite/sqlite-spend-repository.ts';
import { openTemporaryDatabase, type TemporaryDatabase } from '../../store/sqlite/temporary-database.ts';
import type { BudgetedPrincipal, Reservation } from './budget-guard.ts';
import type { BudgetLimits } from './budget-limits.ts';
import { periodEnd } from './budget-period.ts';
import { createBudgetGuard, type BudgetGuardOptions } from './create-budget-guard.ts';

function principal(budgets: BudgetLimits = {}, keyId = 'key_a'): BudgetedPrincipal {
  return { tenant: 'acme', keyId, scopes: ['*'], clearance: 'UNCLASSIFIED', labels: [], budgets };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function attempt<Result>(run: () => Promise<Result>): Promise<Result | GatewayError> {
  try {
    return await run();
  } catch (error) {
    if (GatewayError.isInstance(error)) return error;
    throw error;
  }
}

describe('createBudgetGuard', () => {
  let temporary: TemporaryDatabase;
  let database: Database;
  let time: number;
  const open = (extra: Partial<BudgetGuardOptions> = {}) =>
    createBudgetGuard({ repository: createSqliteSpendRepository(database), now: () => time, flushIntervalMs: 60_000, ...extra });

  beforeEach(() => {
    temporary = openTemporaryDatabase();
    database = temporary.database;
    time = Date.UTC(2026, 2, 14, 12);
  });
  afterEach(() => {
    temporary.close();
  });

  it('lets 100 concurrent requests spend no more than a budget that fits 10', async () => {
    const guard = open();
    const worstCase = 0.01;
    const key = principal({ usdPerDay: 0.1 });
    const settled: number[] = [];
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        attempt(async () => {
          const reservation = await guard.reserve(key, worstCase, 1_000);
          await sleep(index % 7);
          const actual = index % 2 === 0 ? worstCase : worstCase / 2;
          guard.settle(reservation, actual, 500);
          settled.push(actual);
          return reservation;
        }),
      ),
    );
    const refused = outcomes.filter((outcome) => GatewayError.isInstance(outcome));
    expect(outcomes.length - refused.length).toBe(10);
    expect(refused.every((error) => error.code === 'budget_exceeded' && error.status === 429)).toBe(true);
    const total = settled.reduce((sum, amount) => sum + amount, 0);
    expect(total).toBeLessThanOrEqual(0.1);
    const spend = await guard.spend('key', 'key_a', 'day');
    expect(spend.reservedNanoUsd).toBe(0);
    expect(spend.spentNanoUsd).toBe(Math.round(total * 1e9));
    await guard.close();
  });

  it('holds a tenant budget across its keys under concurrency', async () => {
    const guard = open({ tenantBudgets: (tenant) => (tenant === 'acme' ? { tokensPerMonth: 10_000 } : undefined) });
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, index) => attempt(() => guard.reserve(principal({}, `key_${index % 6}`), 0, 1_000))),
    );
    const held = outcomes.filter((outcome): outcome is Reservation => !GatewayError.isInstance(outcome));
    expect(held).toHaveLength(10);
    for (const reservation of held) guard.settle(reservation, 0, 1_000);
    expect((await guard.spend('tenant', 'acme', 'month')).spentTokens).toBe(10_000);
    await guard.close();
  });

  it('frees what a settled request did not use, and all of a released one', async () => {
    const guard = open();
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
    await guard.close();
  });

  it('books an actual above the worst case, and then refuses', async () => {
    const guard = open();
    const key = principal({ tokensPerDay: 1_000 });
    guard.settle(await guard.reserve(key, 0, 100), 0, 1_200);
    const error = await attempt(() => guard.reserve(key, 0, 1));
    expect(GatewayError.isInstance(error) && error.message).toMatch(/daily budget of 1000 tokens.*1200 spent/);
    await guard.close();
  });

  it('admits a free request under an exhausted USD budget', async () => {
    const guard = open();
    const key = principal({ usdPerDay: 0 });
    await expect(guard.reserve(key, 0.000001, 0)).rejects.toMatchObject({ code: 'budget_exceeded' });
    await expect(guard.reserve(key, 0, 5_000)).resolves.toMatchObject({ state: 'held' });
    await guard.close();
  });

  it('tells when the period resets and names the budget in the message, never a secret', async () => {
    const guard = open();
    const error = await attempt(() => guard.reserve(principal({ usdPerMonth: 0.5 }), 1, 0));
    expect(GatewayError.isInstance(error)).toBe(true);
    if (!GatewayError.isInstance(error)) return;
    expect(error.retryAfterSeconds).toBe((periodEnd('month', time) - time) / 1000);
    expect(error.message).toContain("key's monthly budget of $0.50");
    expect(error.details).toEqual({ scope: 'key', period: 'month', unit: 'usd' });
    await guard.close();
  });

  it('starts a new day at UTC midnight but keeps counting the month', async () => {
    const guard = open();
    const key = principal({ usdPerDay: 1, usdPerMonth: 1.5 });
    guard.settle(await guard.reserve(key, 1, 0), 1, 0);
    await expect(guard.reserve(key, 0.1, 0)).rejects.toMatchObject({ details: { period: 'day' } });
    time = Date.UTC(2026, 2, 15, 0, 0, 0);
    guard.settle(await guard.reserve(key, 0.5, 0), 0.5, 0);
    await expect(guard.reserve(key, 0.1, 0)).rejects.toMatchObject({ details: { period: 'month' } });
    time = Date.UTC(2026, 3, 1);
    await expect(guard.reserve(key, 1, 0)).resolves.toMatchObject({ state: 'held' });
    await guard.close();
  });

  it('keeps spend across a restart once flushed; spend booked after the last write is what a crash loses', async () => {
    const key = principal({ usdPerMonth: 1 });
    const first = open();
    first.settle(await first.reserve(key, 0.7, 10), 0.7, 10);
    await first.close();

    const crashed = open();
    crashed.settle(await crashed.reserve(key, 0.2, 10), 0.2, 10);
    // No flush, no close: the process "dies" here.

    const restarted = open();
    expect(await restarted.spend('key', 'key_a', 'month')).toMatchObject({ spentNanoUsd: 700_000_000, spentTokens: 10 });
    expect(await restarted.spend('tenant', 'acme', 'month')).toMatchObject({ spentNanoUsd: 700_000_000 });
    await expect(restarted.reserve(key, 0.31, 0)).rejects.toMatchObject({ code: 'budget_exceeded' });
    await restarted.close();
    await crashed.close();
  });

  it('writes in the background and retries a failed write with the next one', async () => {
    const failures: unknown[] = [];
    let fail = true;
    const repository = createSqliteSpendRepository(database);
    const guard = createBudgetGuard({
      repository: {
        add: async (deltas, at) => {
          if (fail) throw new Error('disk full');
          await repository.add(deltas, at);
        },
        get: (scope, period) => repository.get(scope, period),
      },
      now: () => time,
      flushIntervalMs: 5,
      onError: (error) => failures.push(error),
    });
    guard.settle(await guard.reserve(principal(), 0.25, 0), 0.25, 0);
    await sleep(30);
    expect(failures.length).toBeGreaterThan(0);
    fail = false;
    await sleep(30);
    expect(await repository.get('key:key_a', '2026-03')).toEqual({ nanoUsd: 250_000_000, tokens: 0 });
    await guard.close();
  });
});
