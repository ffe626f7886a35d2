import { afterAll, describe, expect, it } from 'vitest';
import { redisAvailability, useRedisServer } from '../../../test/helpers/real-engines.ts';
import { describeCacheStore } from '../../cache/cache-store-contract.ts';
import { sealCacheStore } from '../../cache/seal-cache-store.ts';
import { sealedCacheValuePrefix, type CacheEntryRefusal } from '../../cache/sealed-cache-entry.ts';
import { envelopeKeyId } from '../../security/envelope/envelope.ts';
import { newStorageKeyringFile, parseStorageKeyring, rotateStorageKeyringFile } from '../../security/envelope/storage-keyring.ts';
import { createRedisCacheStore, redisCacheKey, splitRedisCacheValue } from './redis-cache-store.ts';
import { createRedisClient, type RedisClient } from './redis-client.ts';
import { rewrapRedisCache } from './rewrap-redis-cache.ts';

const keyringFile = newStorageKeyringFile();
const keyring = parseStorageKeyring(keyringFile, 'test');
const secretAnswer = '{"kind":"result","text":"Jane Roe, MRN 448812, is stable"}';

async function ready(client: RedisClient, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!client.ready) {
    if (Date.now() > deadline) throw new Error('Redis did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The envelope inside a raw Redis value (`<expires>\n sve1:<base64>`). */
const envelopeIn = (stored: string): Buffer => Buffer.from(splitRedisCacheValue(stored)!.value.slice(sealedCacheValuePrefix.length), 'base64');

describe.skipIf(redisAvailability().skip)('sealed cached answers in Redis', () => {
  const server = useRedisServer();
  const clients: RedisClient[] = [];
  const connect = async () => {
    const client = createRedisClient(server().url, { commandTimeoutMs: 2_000 });
    clients.push(client);
    await ready(client);
    return client;
  };
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
  });

  describeCacheStore('redis store, sealed', async () => {
    const client = await connect();
    await client.commands.flushall();
    let time = 1_000_000;
    return { store: sealCacheStore(createRedisCacheStore(client, { now: () => time }), keyring), advance: (ms: number) => void (time += ms) };
  });

  it('hold no plaintext in Redis; a byte altered in Redis is a miss, reported, never the content', async () => {
    const client = await connect();
    await client.commands.flushall();
    const refusals: CacheEntryRefusal[] = [];
    const store = sealCacheStore(createRedisCacheStore(client), keyring, { onRefused: (refusal) => refusals.push(refusal) });
    await store.set('tenant:acme', 'k1', secretAnswer, 60_000);
    const redisKey = redisCacheKey(client, 'tenant:acme', 'k1');
    const keys = await client.commands.keys('*');
    expect(keys).toEqual([redisKey]);
    const raw = (await client.commands.get(redisKey))!;
    // The stored text is base64 (which can hold "MRN" by chance, about 1 in 100 entries); the plaintext would be
    // either the answer as it is or, inside the decoded envelope, its bytes.
    expect(raw).not.toContain('Jane Roe');
    expect(raw).not.toContain('448812');
    expect(envelopeIn(raw).toString('latin1')).not.toContain('Jane Roe, MRN');
    expect(envelopeIn(raw).toString('latin1')).not.toContain('448812');
    expect(await store.get('tenant:acme', 'k1')).toBe(secretAnswer);

    const envelope = envelopeIn(raw);
    const { expiresAt } = splitRedisCacheValue(raw)!;
    for (const index of [0, 5, 40, 600, 1150, envelope.length - 40, envelope.length - 1]) {
      const altered = Buffer.from(envelope);
      altered[index]! ^= 0x10;
      await client.commands.set(redisKey, `${expiresAt}\n${sealedCacheValuePrefix}${altered.toString('base64')}`, 'PX', 60_000);
      expect(await store.get('tenant:acme', 'k1'), `byte ${index}`).toBeUndefined();
    }
    expect(refusals).toHaveLength(7);
    expect(refusals.every((refusal) => refusal.namespace === 'tenant:acme' && ['altered', 'unknown-key'].includes(refusal.reason))).toBe(true);
    expect(JSON.stringify(refusals)).not.toContain('MRN');
  });

  it('rotation re-wraps every entry in place (content bytes and TTL kept); old and new instances read them all', async () => {
    const client = await connect();
    await client.commands.flushall();
    const store = sealCacheStore(createRedisCacheStore(client), keyring);
    const entries = Array.from({ length: 25 }, (_, index) => [`tenant-${index % 3}`, `key-${index}`, `${secretAnswer} #${index}`] as const);
    for (const [namespace, key, value] of entries) await store.set(namespace, key, value, 600_000);
    // One entry from before sealing was on, and one altered: counted, not touched.
    await createRedisCacheStore(client).set('tenant-0', 'clear', 'in clear', 600_000);
    const alteredKey = redisCacheKey(client, 'tenant-1', 'key-1');
    const alteredRaw = (await client.commands.get(alteredKey))!;
    const altered = envelopeIn(alteredRaw);
    altered[30]! ^= 0xff;
    await client.commands.set(alteredKey, `${splitRedisCacheValue(alteredRaw)!.expiresAt}\n${sealedCacheValuePrefix}${altered.toString('base64')}`, 'PX', 600_000);
    const before = new Map<string, string>();
    for (const [namespace, key] of entries) before.set(key, (await client.commands.get(redisCacheKey(client, namespace, key)))!);

    const rotated = parseStorageKeyring(rotateStorageKeyringFile(keyringFile), 'rotated');
    const progress: number[] = [];
    const report = await rewrapRedisCache(client, rotated, { pageSize: 5, onProgress: (partial) => progress.push(partial.rows) });
    expect(report).toMatchObject({ rows: 26, rewrapped: 24, current: 0, unsealed: 1, changedMeanwhile: 0 });
    expect(report.failed).toEqual([{ tenant: 'tenant-1', id: 'key-1', reason: expect.stringContaining('does not authenticate') }]);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(26);

    for (const [namespace, key] of entries) {
      if (key === 'key-1') continue;
      const redisKey = redisCacheKey(client, namespace, key);
      const after = (await client.commands.get(redisKey))!;
      const [old, now] = [envelopeIn(before.get(key)!), envelopeIn(after)];
      expect(envelopeKeyId(now)).toBe(rotated.current.id);
      expect(splitRedisCacheValue(after)!.expiresAt).toBe(splitRedisCacheValue(before.get(key)!)!.expiresAt);
      expect(await client.commands.pttl(redisKey)).toBeGreaterThan(500_000);
      // The content part (IV, ciphertext, tag: the last bytes) is unchanged; the wrapped data key is not.
      const contentLength = 12 + Buffer.byteLength(JSON.stringify(['sovereign-cache-entry/v1', namespace, key, `${secretAnswer} #${key.slice(4)}`])) + 16;
      expect(now.subarray(now.length - contentLength).equals(old.subarray(old.length - contentLength))).toBe(true);
      expect(now.subarray(0, now.length - contentLength).equals(old.subarray(0, old.length - contentLength))).toBe(false);
    }
    // A gateway still holding the old keyring reloads it once and reads every entry; one with the new keyring too.
    let reloads = 0;
    const oldInstance = sealCacheStore(createRedisCacheStore(client), keyring, { reload: () => (reloads++, rotated) });
    const newInstance = sealCacheStore(createRedisCacheStore(client), rotated);
    for (const [namespace, key, value] of entries) {
      if (key === 'key-1') continue;
      expect(await oldInstance.get(namespace, key)).toBe(value);
      expect(await newInstance.get(namespace, key)).toBe(value);
    }
    expect(reloads).toBe(1);
    // A second pass finds everything current.
    expect(await rewrapRedisCache(client, rotated)).toMatchObject({ rows: 26, rewrapped: 0, current: 24, unsealed: 1 });
  });
});
