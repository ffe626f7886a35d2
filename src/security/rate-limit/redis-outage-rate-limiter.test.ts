import { afterAll, describe, expect, it } from 'vitest';
import { redisAvailability, useRedisServer } from '../../../test/helpers/real-engines.ts';
import { createRedisClient, type RedisClient } from '../../store/redis/redis-client.ts';
import { createMemoryRateLimiter } from './memory-rate-limiter.ts';
import { key } from './rate-limiter-contract.ts';
import { createRedisRateLimiter } from './redis-rate-limiter.ts';
import { withRedisOutagePolicy } from './redis-outage-rate-limiter.ts';

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(redisAvailability().skip)('withRedisOutagePolicy', () => {
  const server = useRedisServer();
  const clients: RedisClient[] = [];
  const connect = async () => {
    const client = createRedisClient(server().url);
    clients.push(client);
    await until(() => client.ready);
    await client.commands.flushall();
    return client;
  };
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
  });

  /** Runs `during` while Redis is stopped, then starts it again and waits for the client. */
  async function withRedisStopped(client: RedisClient, during: () => Promise<void>): Promise<void> {
    await server().stop();
    try {
      await until(() => !client.ready);
      await during();
    } finally {
      await server().start();
    }
    await until(() => client.ready);
  }

  it('fails closed: refuses with a retryable 503 while Redis is away, counts in Redis again once it returns', async () => {
    const client = await connect();
    const outages: Error[] = [];
    const limiter = withRedisOutagePolicy(createRedisRateLimiter({ client }), createMemoryRateLimiter(), 'closed', (error) => outages.push(error));
    const subjects = [key({ requestsPerMinute: 3, tokensPerMinute: 1_000 })];
    await limiter.check(subjects);
    await withRedisStopped(client, async () => {
      await expect(limiter.check(subjects)).rejects.toMatchObject({ code: 'limits_unavailable', status: 503, retryAfterSeconds: 1 });
      await expect(limiter.reserve(subjects, { tokens: 10 })).rejects.toMatchObject({ code: 'limits_unavailable', status: 503 });
    });
    expect(outages.length).toBe(2);
    // The test's Redis restarts empty: counting starts again there, three then refused.
    for (let index = 0; index < 3; index++) await limiter.check(subjects);
    await expect(limiter.check(subjects)).rejects.toMatchObject({ code: 'rate_limited', status: 429 });
    expect(outages.length).toBe(2);
  });

  it('falls back to the local allowance when configured, and settles each reservation where it was made', async () => {
    const client = await connect();
    const local = createMemoryRateLimiter();
    const limiter = withRedisOutagePolicy(createRedisRateLimiter({ client }), local, 'local');
    const subjects = [key({ requestsPerMinute: 2, tokensPerMinute: 100 })];
    const shared = await limiter.reserve(subjects, { tokens: 60 });
    await withRedisStopped(client, async () => {
      await limiter.check(subjects);
      await limiter.check(subjects);
      await expect(limiter.check(subjects)).rejects.toMatchObject({ code: 'rate_limited' });
      const held = await limiter.reserve(subjects, { tokens: 100 });
      await expect(limiter.reserve(subjects, { tokens: 1 })).rejects.toMatchObject({ code: 'rate_limited' });
      limiter.release(held);
      await expect(limiter.reserve(subjects, { tokens: 100 })).resolves.toMatchObject({ state: 'held' });
    });
    // Back in Redis (restarted empty): the local hold of 100 still open there no longer counts, and the hold made
    // in Redis before the outage is settled in Redis without error.
    limiter.settle(shared, 10);
    await expect(limiter.reserve(subjects, { tokens: 100 })).resolves.toMatchObject({ state: 'held' });
    await expect(limiter.reserve(subjects, { tokens: 1 })).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('passes every other error through unchanged', async () => {
    const failing = { ...createMemoryRateLimiter(), check: () => Promise.reject(new Error('bug')) };
    const limiter = withRedisOutagePolicy(failing, createMemoryRateLimiter(), 'local');
    await expect(limiter.check([key({ requestsPerMinute: 1 })])).rejects.toThrow('bug');
  });
});
