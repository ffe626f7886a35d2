import { afterAll, describe, expect, it } from 'vitest';
import { redisAvailability, useRedisServer } from '../../../test/helpers/real-engines.ts';
import { createRedisClient, redactRedisUrl, type RedisClient } from './redis-client.ts';

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(redisAvailability().skip)('the Redis client', () => {
  const server = useRedisServer();
  const clients: RedisClient[] = [];
  const connect = async () => {
    const client = createRedisClient(server().url);
    clients.push(client);
    await until(() => client.ready);
    return client;
  };
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
  });

  it('delivers a message to every other process, not back to its sender', async () => {
    const [a, b, c] = [await connect(), await connect(), await connect()];
    const seen: Record<string, unknown[]> = { a: [], b: [], c: [] };
    a.subscribe('test', (message) => seen.a!.push(message));
    b.subscribe('test', (message) => seen.b!.push(message));
    c.subscribe('test', (message) => seen.c!.push(message));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await a.publish('test', { provider: 'x', state: 'open' })).toBe(true);
    await until(() => seen.b!.length === 1 && seen.c!.length === 1);
    expect(seen.b).toEqual([{ provider: 'x', state: 'open' }]);
    expect(seen.a).toEqual([]);
  });

  it('runs a Lua script atomically under concurrency, and again after the server forgot it', async () => {
    const client = await connect();
    const others = [await connect(), await connect()];
    const lua = `
      local current = tonumber(redis.call('GET', KEYS[1]) or '0')
      if current + tonumber(ARGV[1]) > tonumber(ARGV[2]) then return 0 end
      redis.call('INCRBY', KEYS[1], ARGV[1])
      return 1`;
    const key = client.key('test', 'counter');
    const admitted = await Promise.all(
      Array.from({ length: 60 }, (_, index) => [client, ...others][index % 3]!.script('admit', lua, 1)([key], [1, 25])),
    );
    expect(admitted.filter((value) => value === 1)).toHaveLength(25);
    expect(await client.commands.get(key)).toBe('25');
    await client.commands.script('FLUSH');
    expect(await client.script('admit', lua, 1)([key], [1, 26])).toBe(1);
    await expect(client.script('admit', lua, 1)([], [1, 26])).rejects.toThrow(/takes 1 keys/);
  });

  it('hides a password in the URL it reports', () => {
    expect(redactRedisUrl('redis://:s3cret@cache.internal:6380/2')).toBe('redis://:***@cache.internal:6380/2');
    expect(redactRedisUrl('not a url')).toBe('redis://(unparsable URL)');
  });
});
