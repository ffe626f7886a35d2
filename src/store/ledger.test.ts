import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ledgerEntry } from './ledger-repository-contract.ts';
import type { LedgerEntry, LedgerRepository } from './ledger-repository.ts';
import { createLedger } from './ledger.ts';
import { openDatabase } from './sqlite/open-database.ts';
import { createSqliteLedgerRepository } from './sqlite/sqlite-ledger-repository.ts';
import { openTemporaryDatabase, type TemporaryDatabase } from './sqlite/temporary-database.ts';

/** Wraps a repository to count transactions. */
function counting(repository: LedgerRepository) {
  const batches: number[] = [];
  const wrapped: LedgerRepository = {
    async insertBatch(entries) {
      batches.push(entries.length);
      await repository.insertBatch(entries);
    },
    usage: (query) => repository.usage(query),
  };
  return { wrapped, batches };
}

describe('createLedger (group commit)', () => {
  let temporary: TemporaryDatabase;
  beforeEach(() => {
    temporary = openTemporaryDatabase();
  });
  afterEach(() => {
    temporary.close();
  });

  it('commits the entries of one event-loop turn in one transaction and resolves once durable', async () => {
    const { wrapped, batches } = counting(createSqliteLedgerRepository(temporary.database));
    const ledger = createLedger(wrapped);
    const writes = Array.from({ length: 50 }, (_, index) => ledger.record(ledgerEntry({ requestId: `req_${index}` })));
    expect(ledger.pending).toBe(50);
    await Promise.all(writes);
    expect(batches).toEqual([50]);
    // Another connection (as after a restart) sees every row.
    const reader = openDatabase(temporary.file);
    expect(reader.prepare('SELECT count(*) FROM ledger').pluck().get()).toBe(50);
    reader.close();
  });

  it('splits a large queue into batches of maxBatch and keeps entries arriving during a commit for the next one', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const stored: LedgerEntry[] = [];
    const batches: number[] = [];
    const slow: LedgerRepository = {
      async insertBatch(entries) {
        batches.push(entries.length);
        if (batches.length === 1) await gate;
        stored.push(...entries);
      },
      usage: async () => [],
    };
    const ledger = createLedger(slow, { maxBatch: 3 });
    const first = Array.from({ length: 5 }, (_, index) => ledger.record(ledgerEntry({ requestId: `a${index}` })));
    await new Promise((resolve) => setImmediate(resolve));
    const second = ledger.record(ledgerEntry({ requestId: 'late' }));
    release();
    await Promise.all([...first, second]);
    expect(batches).toEqual([3, 3]);
    expect(stored.map((entry) => entry.requestId)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'late']);
  });

  it('rejects every entry of a failed transaction and goes on with the next', async () => {
    let fail = true;
    const repository: LedgerRepository = {
      async insertBatch() {
        if (fail) throw new Error('disk full');
      },
      usage: async () => [],
    };
    const ledger = createLedger(repository);
    const failed = [ledger.record(ledgerEntry()), ledger.record(ledgerEntry())];
    await expect(Promise.all(failed)).rejects.toThrow('disk full');
    await Promise.allSettled(failed);
    fail = false;
    await expect(ledger.record(ledgerEntry())).resolves.toBeUndefined();
  });

  it('reads its own writes, flushes on close and then refuses entries', async () => {
    const ledger = createLedger(createSqliteLedgerRepository(temporary.database), { delayMs: 10_000 });
    void ledger.record(ledgerEntry({ costNanoUsd: 7 }));
    expect((await ledger.usage({ tenant: 'acme', groupBy: [] }))[0]?.costNanoUsd).toBe(7);
    const last = ledger.record(ledgerEntry({ costNanoUsd: 5 }));
    await ledger.close();
    await last;
    expect(ledger.pending).toBe(0);
    await expect(ledger.record(ledgerEntry())).rejects.toThrow(/closed/);
    expect(temporary.database.prepare('SELECT sum(cost_nano_usd) FROM ledger').pluck().get()).toBe(12);
  });
});
