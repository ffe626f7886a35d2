import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailability, useRedisServer } from '../../../test/helpers/real-engines.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { createRedisClient, type RedisClient } from '../../store/redis/redis-client.ts';
import { RedisUnavailableError } from '../../store/redis/redis-unavailable.ts';
import { createSpendJournal } from '../../store/spend-journal.ts';
import { createSqliteSpendRepository } from '../../store/sqlite/sqlite-spend-repository.ts';
import { openTemporaryDatabase } from '../../store/sqlite/temporary-database.ts';
import { describeRateLimiterContract, key, tenant, testClock } from './rate-limiter-contract.ts';
import { createRedisRateLimiter } from './redis-rate-limiter.ts';

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(redisAvailability().skip)('createRedisRateLimiter', () => {
  const server = useRedisServer();
  const clients: RedisClient[] = [];
  const connect = async () => {
    const client = createRedisClient(server().url);
    clients.push(client);
    await until(() => client.ready);
    return client;
  };
  let admin: RedisClient;
  beforeAll(async () => {
    admin = await connect();
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
  });

  describeRateLimiterContract('redis', async ({ now, journal }) => {
    await admin.commands.flushall();
    return createRedisRateLimiter({ client: await connect(), now, ...(journal ? { journal } : {}) });
  });

  it('lets three instances together admit exactly a requests-per-minute limit, and hold exactly a token limit', async () => {
    await admin.commands.flushall();
    const time = testClock();
    const instances = await Promise.all([0, 1, 2].map(async () => createRedisRateLimiter({ client: await connect(), now: time.now })));
    const subjects = [key({ requestsPerMinute: 50 }), tenant({ requestsPerMinute: 1_000, tokensPerMinute: 10_000 })];
    const checks = await Promise.allSettled(Array.from({ length: 300 }, (_, index) => instances[index % 3]!.check(subjects)));
    expect(checks.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(50);
    const refused = checks.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as GatewayError] : []));
    expect(refused.every((error) => GatewayError.isInstance(error) && error.code === 'rate_limited' && /key key_a: 50 requests/.test(error.message))).toBe(true);

    const holds = await Promise.allSettled(Array.from({ length: 300 }, (_, index) => instances[index % 3]!.reserve(subjects, { tokens: 150 })));
    const admitted = holds.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    expect(admitted).toHaveLength(66);
    // Settled on other instances than the ones that admitted them: the window is one.
    admitted.forEach((reservation, index) => instances[(index + 1) % 3]!.settle(reservation, 50));
    // Settlements are sent without waiting, each on its instance's connection.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(instances[0]!.reserve(subjects, { tokens: 6_700 })).resolves.toMatchObject({ state: 'held' });
    await expect(instances[1]!.reserve(subjects, { tokens: 1 })).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('reloads a token window from the journal when Redis lost its data, and only then', async () => {
    await admin.commands.flushall();
    const temporary = openTemporaryDatabase();
    const time = testClock(Date.UTC(2026, 2, 14, 12));
    const journal = createSpendJournal(createSqliteSpendRepository(temporary.database), { now: time.now });
    try {
      const limiter = createRedisRateLimiter({ client: await connect(), now: time.now, journal });
      const subjects = [key({ tokensPerMinute: 1_000 })];
      limiter.settle(await limiter.reserve(subjects, { tokens: 500 }), 300);
      time.advance(20_000);
      await limiter.reserve(subjects, { tokens: 400 });
      // Redis restarted empty: the window is rebuilt from what the database recorded (300 settled, 400 in flight).
      await admin.commands.flushall();
      await expect(limiter.reserve(subjects, { tokens: 301 })).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 40 });
      await expect(limiter.reserve(subjects, { tokens: 300 })).resolves.toMatchObject({ state: 'held' });

      // Once Redis has kept its state for longer than a window, a missing window is an idle subject: loaded empty.
      time.advance(65_000);
      await limiter.reserve(subjects, { tokens: 900 });
      await admin.commands.del(admin.key('rate', 'key', 'key_a'));
      await expect(limiter.reserve(subjects, { tokens: 1_000 })).resolves.toMatchObject({ state: 'held' });
    } finally {
      await journal.close();
      temporary.close();
    }
  });

  it('says Redis is unavailable instead of admitting or refusing while it is away', async () => {
    const client = await connect();
    const limiter = createRedisRateLimiter({ client, now: Date.now });
    const subjects = [key({ requestsPerMinute: 10, tokensPerMinute: 1_000 })];
    await limiter.check(subjects);
    await server().stop();
    try {
      await until(() => !client.ready);
      await expect(limiter.check(subjects)).rejects.toBeInstanceOf(RedisUnavailableError);
      await expect(limiter.reserve(subjects, { tokens: 10 })).rejects.toBeInstanceOf(RedisUnavailableError);
    } finally {
      await server().start();
    }
    await until(() => client.ready);
    await expect(limiter.check(subjects)).resolves.toBeUndefined();
  });
});
