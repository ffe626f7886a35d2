import { afterAll, describe, expect, it } from 'vitest';
import { redisAvailability, useRedisServer } from '../../../test/helpers/real-engines.ts';
import { describeCacheStore } from '../../cache/cache-store-contract.ts';
import { createRedisCacheStore } from './redis-cache-store.ts';
import { createRedisClient, type RedisClient } from './redis-client.ts';

/** Resolves once `client` can send commands (after a start or a restart of the server). */
async function ready(client: RedisClient, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!client.ready) {
    if (Date.now() > deadline) throw new Error('Redis did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(redisAvailability().skip)('the exact cache in Redis', () => {
  const server = useRedisServer();
  const clients: RedisClient[] = [];
  const connect = async () => {
    const client = createRedisClient(server().url, { commandTimeoutMs: 500 });
    clients.push(client);
    await ready(client);
    return client;
  };
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
  });

  describeCacheStore('redis store', async () => {
    const client = await connect();
    await client.commands.flushall();
    let time = 1_000_000;
    return { store: createRedisCacheStore(client, { now: () => time }), advance: (ms: number) => void (time += ms) };
  });

  it('is shared: what one instance caches, another reads; Redis frees it after its time to live', async () => {
    const [first, second] = [await connect(), await connect()];
    const [a, b] = [createRedisCacheStore(first), createRedisCacheStore(second)];
    await a.set('tenant:acme', 'k1', '{"answer":"Größe"}', 60_000);
    expect(await b.get('tenant:acme', 'k1')).toBe('{"answer":"Größe"}');
    expect(await b.get('tenant:other', 'k1')).toBeUndefined();
    // A short time to live on its own key: a busy machine may take longer than it between the write and a read.
    await a.set('tenant:acme', 'k2', 'soon gone', 200);
    const ttl = await first.commands.pttl('sovereign:cache:tenant%3Aacme:k2');
    expect(ttl === -2 || (ttl > 0 && ttl <= 200)).toBe(true);
    const deadline = Date.now() + 10_000;
    while ((await first.commands.exists('sovereign:cache:tenant%3Aacme:k2')) !== 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await first.commands.exists('sovereign:cache:tenant%3Aacme:k2')).toBe(0);
    expect(await first.commands.exists('sovereign:cache:tenant%3Aacme:k1')).toBe(1);
    await a.set('t', 'big', 'x'.repeat(2_000), 60_000);
    expect(await createRedisCacheStore(second, { maxValueBytes: 1_000 }).get('t', 'big')).toBe('x'.repeat(2_000));
    await createRedisCacheStore(second, { maxValueBytes: 1_000 }).set('t', 'too-big', 'y'.repeat(1_001), 60_000);
    expect(await a.get('t', 'too-big')).toBeUndefined();
  });

  it('fails open while Redis is down (a miss, a skipped write, no error) and works again when it returns', async () => {
    const client = await connect();
    const errors: unknown[] = [];
    const store = createRedisCacheStore(client, { onError: (error) => errors.push(error) });
    await store.set('t', 'k', 'v', 60_000);
    await server().stop();
    const started = Date.now();
    expect(await store.get('t', 'k')).toBeUndefined();
    await store.set('t', 'k2', 'v2', 60_000);
    await store.delete('t', 'k');
    // Fails fast rather than waiting for Redis (a generous bound: the machine may be busy).
    expect(Date.now() - started).toBeLessThan(3_000);
    const deadline = Date.now() + 5_000;
    while (client.status().status !== 'degraded' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.status()).toMatchObject({ status: 'degraded', detail: expect.stringMatching(/unreachable since|connection/) });
    await server().start();
    await ready(client);
    expect(client.status()).toEqual({ status: 'ok' });
    await store.set('t', 'k3', 'v3', 60_000);
    expect(await store.get('t', 'k3')).toBe('v3');
  }, 30_000);
});
