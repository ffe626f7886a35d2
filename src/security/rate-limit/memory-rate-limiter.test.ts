import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSpendJournal, type SpendJournal } from '../../store/spend-journal.ts';
import type { SpendRepository } from '../../store/spend-repository.ts';
import { createSqliteSpendRepository } from '../../store/sqlite/sqlite-spend-repository.ts';
import { openTemporaryDatabase, type TemporaryDatabase } from '../../store/sqlite/temporary-database.ts';
import { createMemoryRateLimiter } from './memory-rate-limiter.ts';
import type { RateSubject } from './rate-limiter.ts';
import { describeRateLimiterContract, key, tenant, testClock as clock } from './rate-limiter-contract.ts';
import { rateSubjects } from './rate-subjects.ts';

describeRateLimiterContract('memory', async ({ now, journal }) => createMemoryRateLimiter({ now, ...(journal ? { journal } : {}) }));

describe('createMemoryRateLimiter: memory', () => {
  it('leaves out subjects without limits and forgets idle ones', async () => {
    const time = clock();
    const limiter = createMemoryRateLimiter({ now: time.now });
    expect(rateSubjects({ tenant: 'acme', keyId: 'key_a', scopes: [], clearance: 'UNCLASSIFIED', labels: [] }, {})).toEqual([]);
    for (let index = 0; index < 100; index++) {
      const subject: RateSubject = { scope: 'key', id: `key_${index}`, limits: { requestsPerMinute: 10, tokensPerMinute: 1_000 } };
      await limiter.check([subject]);
      limiter.settle(await limiter.reserve([subject], { tokens: 10 }), 5);
    }
    expect(limiter.size).toBe(200);
    time.advance(61_000);
    await limiter.check([]);
    expect(limiter.size).toBe(0);
  });
});

describe('createMemoryRateLimiter: token windows across a restart', () => {
  let temporary: TemporaryDatabase;
  let repository: SpendRepository;
  let journals: SpendJournal[];
  const time = clock(Date.UTC(2026, 2, 14, 12));
  const journalOn = (base: SpendRepository = repository) => {
    const journal = createSpendJournal(base, { now: time.now });
    journals.push(journal);
    return journal;
  };
  beforeEach(() => {
    temporary = openTemporaryDatabase();
    repository = createSqliteSpendRepository(temporary.database);
    journals = [];
    time.set(Date.UTC(2026, 2, 14, 12));
  });
  afterEach(async () => {
    for (const journal of journals) await journal.close();
    temporary.close();
  });

  it('writes each reservation before admitting it and rebuilds the window from the journal after a crash', async () => {
    const subjects = [key({ tokensPerMinute: 1_000 }), tenant({ requestsPerMinute: 10 })];
    const crashed = createMemoryRateLimiter({ now: time.now, journal: journalOn() });
    const settled = await crashed.reserve(subjects, { tokens: 500 });
    expect(await repository.holdsSince('rate', 0)).toEqual([expect.objectContaining({ kind: 'rate', scopes: ['key:key_a'], tokens: 500 })]);
    crashed.settle(settled, 200);
    time.advance(20_000);
    // In flight when the process "dies": counted at its worst case.
    await crashed.reserve(subjects, { tokens: 700 });

    time.advance(10_000);
    const journal = journalOn();
    const recovery = await journal.recover(time.now() - 60_000);
    expect(recovery.rateHolds.map((hold) => hold.tokens)).toEqual([200, 700]);
    const restarted = createMemoryRateLimiter({ now: time.now, journal, history: recovery.rateHolds });
    await expect(restarted.reserve(subjects, { tokens: 101 })).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 30 });
    await expect(restarted.reserve(subjects, { tokens: 100 })).resolves.toMatchObject({ state: 'held' });
    // Each hold leaves the window one minute after its admission.
    time.advance(30_000);
    await expect(restarted.reserve(subjects, { tokens: 200 })).resolves.toMatchObject({ state: 'held' });
    await expect(restarted.reserve(subjects, { tokens: 1 })).rejects.toMatchObject({ retryAfterSeconds: 20 });
  });

});
