import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { createMemoryRateLimiter } from './memory-rate-limiter.ts';
import type { RateSubject } from './rate-limiter.ts';
import { rateSubjects } from './rate-subjects.ts';

function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

async function refusal(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (GatewayError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const key = (limits: RateSubject['limits']): RateSubject => ({ scope: 'key', id: 'key_a', limits });
const one = { requests: 1, tokens: 0 };

describe('createMemoryRateLimiter (GCRA)', () => {
  it('admits a burst of the whole limit, then refuses with the wait until the next slot', async () => {
    const time = clock();
    const limiter = createMemoryRateLimiter({ now: time.now });
    const subjects = [key({ requestsPerMinute: 3 })];
    for (let index = 0; index < 3; index++) await limiter.check(subjects, one);
    const error = await refusal(limiter.check(subjects, one));
    expect(error.code).toBe('rate_limited');
    expect(error.status).toBe(429);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterSeconds).toBe(20);
    time.advance(19_999);
    await expect(limiter.check(subjects, one)).rejects.toMatchObject({ retryAfterSeconds: 1 });
    time.advance(1);
    await expect(limiter.check(subjects, one)).resolves.toBeUndefined();
  });

  it('lets a steady rate at the limit through forever and refuses a faster one', async () => {
    const time = clock();
    const limiter = createMemoryRateLimiter({ now: time.now });
    const subjects = [key({ requestsPerMinute: 60 })];
    for (let index = 0; index < 600; index++) {
      await limiter.check(subjects, one);
      time.advance(1_000);
    }
    let refused = 0;
    for (let index = 0; index < 1_000; index++) {
      await limiter.check(subjects, one).catch(() => refused++);
      time.advance(900);
    }
    // 1,000 requests over 900 s against 60 per minute: about 900 + 60 burst admitted.
    expect(refused).toBeGreaterThan(30);
    expect(refused).toBeLessThan(110);
  });

  it('enforces tokens per minute after the fact: debt delays the next request', async () => {
    const time = clock();
    const limiter = createMemoryRateLimiter({ now: time.now });
    const subjects = [key({ tokensPerMinute: 1_000 })];
    await limiter.check(subjects, one);
    limiter.consume(subjects, { tokens: 1_500 });
    await expect(limiter.check(subjects, one)).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 30 });
    time.advance(30_000);
    await expect(limiter.check(subjects, one)).resolves.toBeUndefined();
  });

  it('refunds tokens charged in advance and never below an idle bucket', async () => {
    const time = clock();
    const limiter = createMemoryRateLimiter({ now: time.now });
    const subjects = [key({ tokensPerMinute: 1_000 })];
    await limiter.check(subjects, { requests: 1, tokens: 1_000 });
    await expect(limiter.check(subjects, { requests: 1, tokens: 100 })).rejects.toMatchObject({ code: 'rate_limited' });
    limiter.consume(subjects, { tokens: -900 });
    await expect(limiter.check(subjects, { requests: 1, tokens: 900 })).resolves.toBeUndefined();
    limiter.consume(subjects, { tokens: -1_000_000 });
    await limiter.check(subjects, { requests: 1, tokens: 1_000 });
    await expect(limiter.check(subjects, { requests: 1, tokens: 1 })).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('refuses a single request larger than the per-minute limit as not retryable', async () => {
    const limiter = createMemoryRateLimiter();
    const error = await refusal(limiter.check([key({ tokensPerMinute: 100 })], { requests: 1, tokens: 101 }));
    expect(error.retryable).toBe(false);
    expect(error.retryAfterSeconds).toBeUndefined();
    expect(error.message).toContain('100 tokens per minute');
  });

  it('checks key and tenant together and charges neither when one refuses', async () => {
    const time = clock();
    const limiter = createMemoryRateLimiter({ now: time.now });
    const principal = { tenant: 'acme', keyId: 'key_a', scopes: ['*'], clearance: 'UNCLASSIFIED' as const, labels: [], rateLimits: { requestsPerMinute: 2 } };
    const keyA = rateSubjects(principal, { requestsPerMinute: 3 });
    const keyB = rateSubjects({ ...principal, keyId: 'key_b' }, { requestsPerMinute: 3 });
    expect(keyA.map((subject) => subject.scope)).toEqual(['key', 'tenant']);
    await limiter.check(keyA, one);
    await limiter.check(keyA, one);
    await expect(limiter.check(keyA, one)).rejects.toThrow(/key key_a/);
    await limiter.check(keyB, one);
    const error = await refusal(limiter.check(keyB, one));
    expect(error.message).toContain('tenant acme');
    // The refused check charged nothing to key_b: after the tenant frees a slot, key_b still has its second one.
    time.advance(20_000);
    await expect(limiter.check(keyB, one)).resolves.toBeUndefined();
  });

  it('leaves out subjects without limits and forgets idle ones', async () => {
    const time = clock();
    const limiter = createMemoryRateLimiter({ now: time.now });
    expect(rateSubjects({ tenant: 'acme', keyId: 'key_a', scopes: [], clearance: 'UNCLASSIFIED', labels: [] }, {})).toEqual([]);
    for (let index = 0; index < 100; index++) await limiter.check([{ scope: 'key', id: `key_${index}`, limits: { requestsPerMinute: 10 } }], one);
    expect(limiter.size).toBe(100);
    time.advance(61_000);
    await limiter.check([], one);
    expect(limiter.size).toBe(0);
  });
});
