import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSpendJournal, type SpendJournal } from '../../store/spend-journal.ts';
import type { SpendRepository } from '../../store/spend-repository.ts';
import { createSqliteSpendRepository } from '../../store/sqlite/sqlite-spend-repository.ts';
import { openTemporaryDatabase, type TemporaryDatabase } from '../../store/sqlite/temporary-database.ts';
import { budgetedPrincipal, describeBudgetGuardContract } from './budget-guard-contract.ts';
import { createBudgetGuard, type BudgetGuardOptions } from './create-budget-guard.ts';

const principal = budgetedPrincipal;

describeBudgetGuardContract('memory', async (options) => createBudgetGuard(options));

describe('createBudgetGuard: across a restart', () => {
  let temporary: TemporaryDatabase;
  let database: Database;
  let time: number;
  let journals: SpendJournal[];
  const journalOn = (repository: SpendRepository = createSqliteSpendRepository(database)) => {
    const journal = createSpendJournal(repository, { now: () => time, flushIntervalMs: 60_000 });
    journals.push(journal);
    return journal;
  };
  const open = (extra: Partial<BudgetGuardOptions> = {}) => createBudgetGuard({ journal: journalOn(), now: () => time, ...extra });
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

  it('loses nothing at a crash: settled spend and holds in flight count after a restart', async () => {
    const key = principal({ usdPerMonth: 1 });
    const crashed = open();
    crashed.settle(await crashed.reserve(key, 0.3, 10), 0.2, 10);
    // Held and durable, never settled: the process "dies" with this request in flight.
    await crashed.reserve(key, 0.4, 20);
    expect(await openHolds()).toHaveLength(1);

    const journal = journalOn();
    expect((await journal.recover(0)).settled).toBe(1);
    const restarted = createBudgetGuard({ journal, now: () => time });
    // The settled request at its actual cost, the one in flight at its worst case.
    expect(await restarted.spend('key', 'key_a', 'month')).toMatchObject({ spentNanoUsd: 600_000_000, spentTokens: 30, reservedNanoUsd: 0 });
    expect(await restarted.spend('tenant', 'acme', 'day')).toMatchObject({ spentNanoUsd: 600_000_000 });
    await expect(restarted.reserve(key, 0.41, 0)).rejects.toMatchObject({ code: 'budget_exceeded' });
    await expect(restarted.reserve(key, 0.4, 0)).resolves.toMatchObject({ state: 'held' });
  });

  it('books a month-end request left in flight by a crash to the old month after the restart', async () => {
    const key = principal({ usdPerMonth: 1 });
    time = Date.UTC(2026, 2, 31, 23, 59, 59, 900);
    const crashed = open();
    await crashed.reserve(key, 0.9, 90);
    time = Date.UTC(2026, 3, 1, 0, 0, 5);
    const journal = journalOn();
    await journal.recover(0);
    const restarted = createBudgetGuard({ journal, now: () => time });
    expect(await restarted.spend('key', 'key_a', 'month', Date.UTC(2026, 2, 31))).toMatchObject({ spentNanoUsd: 900_000_000, spentTokens: 90 });
    expect(await restarted.spend('key', 'key_a', 'day', Date.UTC(2026, 2, 31))).toMatchObject({ spentNanoUsd: 900_000_000 });
    expect(await restarted.spend('key', 'key_a', 'month')).toMatchObject({ spentNanoUsd: 0 });
    await expect(restarted.reserve(key, 1, 0)).resolves.toMatchObject({ state: 'held' });
  });
});
