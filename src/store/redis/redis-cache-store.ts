import type { CacheStore } from '../../cache/cache-store.ts';
import type { RedisClient } from './redis-client.ts';

export interface RedisCacheStoreOptions {
  /** Larger values (UTF-8 bytes) are not stored. Default 1 MiB. */
  maxValueBytes?: number;
  /** Reports a failed read or write (once per outage: the client says when Redis is away). */
  onError?: (error: unknown) => void;
  now?: () => number;
}

/**
 * The exact cache shared by every instance, in Redis: `sovereign:cache:<namespace>:<key>` holds
 * `<expires at ms>\n<value>`, with a Redis TTL of the same length. The expiry inside the value is what `get`
 * checks (so every instance agrees, and tests can move the clock); the Redis TTL frees the memory. Size limits per
 * tenant are Redis's business: run it with `maxmemory` and `maxmemory-policy allkeys-lru`.
 *
 * Fails open: while Redis is away a read is a miss and a write is skipped, so requests go to the provider.
 */
export function createRedisCacheStore(client: RedisClient, options: RedisCacheStoreOptions = {}): CacheStore {
  const maxValueBytes = options.maxValueBytes ?? 1024 * 1024;
  const now = options.now ?? Date.now;
  const onError = options.onError ?? (() => undefined);
  const keyOf = (namespace: string, key: string) => redisCacheKey(client, namespace, key);
  return {
    async get(namespace, key) {
      if (!client.ready) return undefined;
      try {
        const stored = await client.commands.get(keyOf(namespace, key));
        const entry = stored === null ? undefined : splitRedisCacheValue(stored);
        return entry === undefined || now() >= entry.expiresAt ? undefined : entry.value;
      } catch (error) {
        onError(error);
        return undefined;
      }
    },
    async set(namespace, key, value, ttlMs) {
      if (!client.ready || Buffer.byteLength(value) > maxValueBytes || !(ttlMs > 0)) return;
      try {
        await client.commands.set(keyOf(namespace, key), `${now() + ttlMs}\n${value}`, 'PX', Math.ceil(ttlMs));
      } catch (error) {
        onError(error);
      }
    },
    async delete(namespace, key) {
      if (!client.ready) return;
      try {
        await client.commands.del(keyOf(namespace, key));
      } catch (error) {
        onError(error);
      }
    },
  };
}

/** The Redis key of a cache entry under the prefix: `cache:<namespace, URI-encoded>:<key>`. */
export function redisCacheKey(client: Pick<RedisClient, 'key'>, namespace: string, key: string): string {
  return client.key('cache', encodeURIComponent(namespace), key);
}

/** A stored Redis value `<expires at ms>\n<value>` in its parts; undefined when malformed. */
export function splitRedisCacheValue(stored: string): { expiresAt: number; value: string } | undefined {
  const newline = stored.indexOf('\n');
  const expiresAt = Number(stored.slice(0, newline));
  if (newline < 0 || !Number.isFinite(expiresAt)) return undefined;
  return { expiresAt, value: stored.slice(newline + 1) };
}
