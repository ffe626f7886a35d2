import { expect, it, describe } from 'vitest';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { createSpendJournal } from '../../store/spend-journal.ts';
import { createSqliteSpendRepository } from '../../store/sqlite/sqlite-spend-repository.ts';
import { openTemporaryDatabase } from '../../store/sqlite/temporary-database.ts';
import type { SpendJournal } from '../../store/spend-journal.ts';
import type { RateLimiter, RateReservation, RateSubject } from './rate-limiter.ts';
import { rateSubjects } from './rate-subjects.ts';

/** What a contract test needs to build a limiter: its clock and, for the write-ahead tests, a journal. */
export type OpenRateLimiter = (options: { now: () => number; journal?: SpendJournal }) => Promise<RateLimiter>;

/** A clock tests move by hand. */
export function testClock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms), set: (ms: number) => (time = ms) };
}

/** The error a promise rejects with (fails the test if it resolves or rejects with something else). */
export async function refusal(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (GatewayError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

export const key = (limits: RateSubject['limits']): RateSubject => ({ scope: 'key', id: 'key_a', limits });
export const tenant = (limits: RateSubject['limits']): RateSubject => ({ scope: 'tenant', id: 'acme', limits });

/**
 * The behaviour every `RateLimiter` must have, whatever keeps its counters (this process's memory, or Redis for
 * every instance): the same admissions, refusals, retry-after values and corrections. `open` is called once per
 * test and must return a limiter with no history.
 */
export function describeRateLimiterContract(backend: string, open: OpenRateLimiter): void {
  const clock = testClock;
  describe(`RateLimiter contract (${backend}): requests per minute (GCRA)`, () => {
    it('admits a burst of the whole limit, then refuses with the wait until the next slot', async () => {
      const time = clock();
      const limiter = await open({ now: time.now });
      const subjects = [key({ requestsPerMinute: 3 })];
      for (let index = 0; index < 3; index++) await limiter.check(subjects);
      const error = await refusal(limiter.check(subjects));
      expect(error.code).toBe('rate_limited');
      expect(error.status).toBe(429);
      expect(error.retryable).toBe(true);
      expect(error.retryAfterSeconds).toBe(20);
      time.advance(19_999);
      await expect(limiter.check(subjects)).rejects.toMatchObject({ retryAfterSeconds: 1 });
      time.advance(1);
      await expect(limiter.check(subjects)).resolves.toBeUndefined();
    });

    it('lets a steady rate at the limit through forever and refuses a faster one', async () => {
      const time = clock();
      const limiter = await open({ now: time.now });
      const subjects = [key({ requestsPerMinute: 60 })];
      for (let index = 0; index < 600; index++) {
        await limiter.check(subjects);
        time.advance(1_000);
      }
      let refused = 0;
      for (let index = 0; index < 1_000; index++) {
        await limiter.check(subjects).catch(() => refused++);
        time.advance(900);
      }
      // 1,000 requests over 900 s against 60 per minute: about 900 + 60 burst admitted.
      expect(refused).toBeGreaterThan(30);
      expect(refused).toBeLessThan(110);
    });

    it('checks key and tenant together and charges neither when one refuses', async () => {
      const time = clock();
      const limiter = await open({ now: time.now });
      const principal = { tenant: 'acme', keyId: 'key_a', scopes: ['*'], clearance: 'UNCLASSIFIED' as const, labels: [], rateLimits: { requestsPerMinute: 2 } };
      const keyA = rateSubjects(principal, { requestsPerMinute: 3 });
      const keyB = rateSubjects({ ...principal, keyId: 'key_b' }, { requestsPerMinute: 3 });
      expect(keyA.map((subject) => subject.scope)).toEqual(['key', 'tenant']);
      await limiter.check(keyA);
      await limiter.check(keyA);
      await expect(limiter.check(keyA)).rejects.toThrow(/key key_a/);
      await limiter.check(keyB);
      const error = await refusal(limiter.check(keyB));
      expect(error.message).toContain('tenant acme');
      // The refused check charged nothing to key_b: after the tenant frees a slot, key_b still has its second one.
      time.advance(20_000);
      await expect(limiter.check(keyB)).resolves.toBeUndefined();
    });

  });

  describe(`RateLimiter contract (${backend}): tokens per minute, reserved before dispatch`, () => {
    it('admits concurrent requests by their worst case up to the limit, refusing the rest with a retry-after', async () => {
      const time = clock();
      const limiter = await open({ now: time.now });
      const subjects = [key({ tokensPerMinute: 1_000 })];
      const outcomes = await Promise.allSettled(Array.from({ length: 100 }, () => limiter.reserve(subjects, { tokens: 150 })));
      const admitted = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      expect(admitted).toHaveLength(6);
      const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as GatewayError] : []));
      expect(refused.every((error) => error.code === 'rate_limited' && error.status === 429 && error.retryable && error.retryAfterSeconds === 60)).toBe(true);
    });

    it('gives back what a settled request did not use, in the slot it was admitted in', async () => {
      const time = clock();
      const limiter = await open({ now: time.now });
      const subjects = [key({ tokensPerMinute: 1_000 })];
      const first = await limiter.reserve(subjects, { tokens: 600 });
      time.advance(10_000);
      await limiter.reserve(subjects, { tokens: 400 });
      await expect(limiter.reserve(subjects, { tokens: 100 })).rejects.toMatchObject({ retryAfterSeconds: 50 });
      time.advance(5_000);
      limiter.settle(first, 250);
      limiter.settle(first, 0);
      await limiter.reserve(subjects, { tokens: 350 });
      await expect(limiter.reserve(subjects, { tokens: 1 })).rejects.toMatchObject({ code: 'rate_limited' });
      // The first request's 250 leave the window one minute after its admission, not after its settlement.
      time.advance(45_000);
      await expect(limiter.reserve(subjects, { tokens: 250 })).resolves.toMatchObject({ state: 'held' });
    });

    it('frees a released hold at once and refuses no more than it holds', async () => {
      const time = clock();
      const limiter = await open({ now: time.now });
      const subjects = [key({ tokensPerMinute: 1_000 })];
      const held = await limiter.reserve(subjects, { tokens: 1_000 });
      await expect(limiter.reserve(subjects, { tokens: 1 })).rejects.toMatchObject({ code: 'rate_limited' });
      limiter.release(held);
      limiter.release(held);
      limiter.settle(held, 5_000);
      expect(held.state).toBe('released');
      await expect(limiter.reserve(subjects, { tokens: 1_000 })).resolves.toMatchObject({ state: 'held' });
    });

    it('charges use beyond the worst case, and then refuses requests until it has left the window', async () => {
      const time = clock();
      const limiter = await open({ now: time.now });
      const subjects = [key({ tokensPerMinute: 1_000, requestsPerMinute: 100 })];
      await limiter.check(subjects);
      limiter.settle(await limiter.reserve(subjects, { tokens: 100 }), 1_500);
      time.advance(20_000);
      await expect(limiter.check(subjects)).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 40 });
      time.advance(40_000);
      await expect(limiter.check(subjects)).resolves.toBeUndefined();
      await expect(limiter.reserve(subjects, { tokens: 1_000 })).resolves.toMatchObject({ state: 'held' });
    });

    it('charges use beyond the worst case of a request that outlived the window to the present', async () => {
      const time = clock();
      const limiter = await open({ now: time.now });
      const subjects = [key({ tokensPerMinute: 1_000 })];
      const long = await limiter.reserve(subjects, { tokens: 500 });
      time.advance(90_000);
      limiter.settle(long, 800);
      await expect(limiter.reserve(subjects, { tokens: 701 })).rejects.toMatchObject({ code: 'rate_limited' });
      await expect(limiter.reserve(subjects, { tokens: 700 })).resolves.toMatchObject({ state: 'held' });
    });

    it('refuses a request that needs more than a limit as not retryable, and cuts an assumed worst case to what is left', async () => {
      const time = clock();
      const limiter = await open({ now: time.now });
      const subjects = [key({ tokensPerMinute: 100 }), tenant({ tokensPerMinute: 10_000 })];
      const error = await refusal(limiter.reserve(subjects, { tokens: 101 }));
      expect(error.retryable).toBe(false);
      expect(error.retryAfterSeconds).toBeUndefined();
      expect(error.message).toContain('100 tokens per minute');
      await limiter.reserve(subjects, { tokens: 30 });
      time.advance(10_000);
      const cut = await limiter.reserve(subjects, { tokens: 4_000, requiredTokens: 60 });
      expect(Object.fromEntries(cut.held)).toEqual({ 'key:key_a': 70, 'tenant:acme': 4_000 });
      await expect(limiter.reserve(subjects, { tokens: 500, requiredTokens: 1 })).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 50 });
      // Settled to its actual use, the cut request leaves room for the next one's need.
      limiter.settle(cut, 20);
      expect(Object.fromEntries((await limiter.reserve(subjects, { tokens: 4_000, requiredTokens: 50 })).held)).toEqual({ 'key:key_a': 50, 'tenant:acme': 4_000 });
    });

    it('holds on key and tenant together and on neither when one refuses', async () => {
      const time = clock();
      const limiter = await open({ now: time.now });
      const keyA = [key({ tokensPerMinute: 1_000 }), tenant({ tokensPerMinute: 1_500 })];
      const keyB: RateSubject[] = [{ scope: 'key', id: 'key_b', limits: { tokensPerMinute: 1_000 } }, tenant({ tokensPerMinute: 1_500 })];
      await limiter.reserve(keyA, { tokens: 1_000 });
      const error = await refusal(limiter.reserve(keyB, { tokens: 600 }));
      expect(error.message).toContain('tenant acme');
      await expect(limiter.reserve(keyB, { tokens: 500 })).resolves.toMatchObject({ state: 'held' });
    });

    it('holds nothing for subjects without a token limit', async () => {
      const limiter = await open({ now: Date.now });
      const reservation = await limiter.reserve([key({ requestsPerMinute: 5 })], { tokens: 1e9 });
      expect(reservation.held.size).toBe(0);
    });
  });

  describe(`RateLimiter contract (${backend}): write-ahead`, () => {
    it('refuses a request whose hold cannot be written, holding nothing', async () => {
      const temporary = openTemporaryDatabase();
      const repository = createSqliteSpendRepository(temporary.database);
      const time = clock(Date.UTC(2026, 2, 14, 12));
      let fail = true;
      const journal = createSpendJournal(
        {
          ...repository,
          commit: async (batch, at) => {
            if (fail && (batch.holds?.length ?? 0) > 0) throw new Error('disk full');
            await repository.commit(batch, at);
          },
        },
        { now: time.now },
      );
      try {
        const limiter = await open({ now: time.now, journal });
        const subjects = [key({ tokensPerMinute: 1_000 })];
        await expect(limiter.reserve(subjects, { tokens: 1_000 })).rejects.toMatchObject({ code: 'internal_error', message: expect.stringMatching(/nothing was sent/) });
        fail = false;
        const reservation: RateReservation = await limiter.reserve(subjects, { tokens: 1_000 });
        expect(reservation.state).toBe('held');
        expect(await repository.holdsSince('rate', 0)).toEqual([expect.objectContaining({ scopes: ['key:key_a'], tokens: 1_000 })]);
      } finally {
        await journal.close();
        temporary.close();
      }
    });
  });
}
