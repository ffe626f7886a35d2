import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { budgetHold } from './spend-repository-contract.ts';
import type { SpendBatch, SpendRepository } from './spend-repository.ts';
import { createSpendJournal } from './spend-journal.ts';
import { createSqliteSpendRepository } from './sqlite/sqlite-spend-repository.ts';
import { openTemporaryDatabase, type TemporaryDatabase } from './sqlite/temporary-database.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wraps a repository to record every batch and fail on demand. */
function instrumented(repository: SpendRepository) {
  const batches: SpendBatch[] = [];
  const control = { fail: false };
  const wrapped: SpendRepository = {
    ...repository,
    async commit(batch, at) {
      batches.push(batch);
      if (control.fail) throw new Error('disk full');
      await repository.commit(batch, at);
    },
  };
  return { wrapped, batches, control };
}

describe('createSpendJournal', () => {
  let temporary: TemporaryDatabase;
  let repository: SpendRepository;
  beforeEach(() => {
    temporary = openTemporaryDatabase();
    repository = createSqliteSpendRepository(temporary.database);
  });
  afterEach(() => {
    temporary.close();
  });

  it('writes the holds and settlements of one event-loop turn in one transaction, holds resolving once durable', async () => {
    const { wrapped, batches } = instrumented(repository);
    const journal = createSpendJournal(wrapped);
    const ids = Array.from({ length: 20 }, () => journal.nextId());
    expect(new Set(ids).size).toBe(20);
    let durable = 0;
    const holds = ids.map((id) => journal.hold(budgetHold({ id })).then(() => durable++));
    expect(durable).toBe(0);
    await Promise.all(holds);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.holds).toHaveLength(20);
    // Another connection (as after a crash) sees every hold.
    expect(await createSqliteSpendRepository(temporary.database).settleOpenHolds(1)).toBe(20);
    await journal.close();
  });

  it('books loose spend merged per counter, and reads its own writes', async () => {
    const { wrapped, batches } = instrumented(repository);
    const journal = createSpendJournal(wrapped, { flushIntervalMs: 60_000 });
    for (let index = 0; index < 10; index++) journal.add({ scope: 'key:key_a', period: '2026-03', nanoUsd: 100, tokens: 1 });
    journal.add({ scope: 'key:key_a', period: '2026-03', nanoUsd: 0, tokens: 0 });
    expect(await journal.totals('key:key_a', '2026-03')).toEqual({ nanoUsd: 1_000, tokens: 10 });
    expect(batches.map((batch) => batch.deltas)).toEqual([[{ scope: 'key:key_a', period: '2026-03', nanoUsd: 1_000, tokens: 10 }]]);
    await journal.close();
  });

  it('rejects the holds of a failed write and retries its settlements and spend with the next one', async () => {
    const { wrapped, control } = instrumented(repository);
    const errors: unknown[] = [];
    const journal = createSpendJournal(wrapped, { flushIntervalMs: 5, onError: (error) => errors.push(error) });
    await journal.hold(budgetHold({ id: 'kept' }));
    control.fail = true;
    const lost = journal.hold(budgetHold({ id: 'lost' }));
    journal.settle({ id: 'kept', nanoUsd: 2_000, tokens: 20 });
    journal.settle({ id: 'lost', nanoUsd: 5, tokens: 5 });
    journal.add({ scope: 'key:key_b', period: '2026-03', nanoUsd: 7, tokens: 7 });
    await expect(lost).rejects.toThrow('disk full');
    await sleep(30);
    expect(errors.length).toBeGreaterThan(0);
    control.fail = false;
    await sleep(30);
    expect(await repository.get('key:key_a', '2026-03')).toEqual({ nanoUsd: 2_000, tokens: 20 });
    expect(await repository.get('key:key_b', '2026-03')).toEqual({ nanoUsd: 7, tokens: 7 });
    expect(await repository.settleOpenHolds(1)).toBe(0);
    await journal.close();
  });

  it('recovers after a crash: open holds count at their worst case, recent rate holds come back', async () => {
    const crashed = createSpendJournal(repository);
    await crashed.hold(budgetHold({ id: 'a', nanoUsd: 9_000, tokens: 900 }));
    await crashed.hold(budgetHold({ id: 'b', nanoUsd: 5_000, tokens: 500 }));
    await crashed.hold({ id: 'r', kind: 'rate', time: 50_000, scopes: ['key:key_a'], periods: [], nanoUsd: 0, tokens: 1_234 });
    await crashed.hold({ id: 'old', kind: 'rate', time: 1_000, scopes: ['key:key_a'], periods: [], nanoUsd: 0, tokens: 99 });
    crashed.settle({ id: 'b', nanoUsd: 100, tokens: 10 });
    await crashed.flush();
    // No close: the process "dies" here.

    const restarted = createSpendJournal(repository);
    const recovery = await restarted.recover(10_000);
    expect(recovery.settled).toBe(3);
    expect(recovery.rateHolds.map((hold) => [hold.id, hold.tokens])).toEqual([['r', 1_234]]);
    expect(await restarted.totals('key:key_a', '2026-03-14')).toEqual({ nanoUsd: 9_100, tokens: 910 });
    expect((await restarted.recover(0)).settled).toBe(0);
    await restarted.close();
    await crashed.close();
  });

  it('forgets settled rate holds once they are older than it keeps them', async () => {
    let time = 100_000;
    const journal = createSpendJournal(repository, { now: () => time, flushIntervalMs: 5, keepSettledMs: 60_000 });
    await journal.hold({ id: 'r1', kind: 'rate', time: 90_000, scopes: ['key:key_a'], periods: [], nanoUsd: 0, tokens: 10 });
    await journal.hold({ id: 'r2', kind: 'rate', time: 150_000, scopes: ['key:key_a'], periods: [], nanoUsd: 0, tokens: 10 });
    journal.settle({ id: 'r1', nanoUsd: 0, tokens: 3 });
    await journal.flush();
    time = 170_000;
    await sleep(30);
    expect((await repository.holdsSince('rate', 0)).map((hold) => hold.id)).toEqual(['r2']);
    await journal.close();
  });
});
