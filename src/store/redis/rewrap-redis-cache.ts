import { sealedCacheValuePrefix } from '../../cache/sealed-cache-entry.ts';
import { startRewrapPass, type RewrapReport } from '../../security/envelope/rewrap-pass.ts';
import type { StorageKeyring } from '../../security/envelope/storage-keyring.ts';
import { splitRedisCacheValue } from './redis-cache-store.ts';
import type { RedisClient } from './redis-client.ts';

/** Replaces a key's value when it still holds what was read, keeping its time to live; 1 when replaced. */
const replaceIfUnchanged = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  return 1
end
return 0`;

/**
 * Re-wraps the data key of every sealed cached answer in Redis (`sovereign:cache:*`) for the keyring's current key,
 * content untouched (`rewrapEnvelope`), walking the keys with SCAN (`pageSize` a step); `onProgress` after each step.
 * A value is replaced only if it still holds what was read (a Lua compare-and-set that keeps the TTL), so an answer
 * written or expired meanwhile is left alone. In the report, `tenant` is the namespace and `id` the cache key.
 */
export async function rewrapRedisCache(client: RedisClient, keyring: StorageKeyring, options: { pageSize?: number; onProgress?: (report: RewrapReport) => void } = {}): Promise<RewrapReport> {
  const pass = startRewrapPass(keyring);
  const replace = client.script('cache_rewrap', replaceIfUnchanged, 1);
  const prefix = client.key('cache', '');
  // SCAN may return a key twice: each is counted once.
  const seen = new Set<string>();
  let cursor = '0';
  do {
    const [nextCursor, keys] = await client.commands.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', options.pageSize ?? 500);
    cursor = nextCursor;
    const values = keys.length === 0 ? [] : await client.commands.mget(...keys);
    for (const [index, redisKey] of keys.entries()) {
      const stored = values[index];
      if (stored === null || stored === undefined || seen.has(redisKey)) continue;
      seen.add(redisKey);
      const rest = redisKey.slice(prefix.length);
      const separator = rest.indexOf(':');
      const record = { tenant: safeDecode(rest.slice(0, separator)), id: rest.slice(separator + 1) };
      const entry = splitRedisCacheValue(stored);
      const sealed = entry?.value.startsWith(sealedCacheValuePrefix) ? Buffer.from(entry.value.slice(sealedCacheValuePrefix.length), 'base64') : undefined;
      const next = pass.next(sealed, record);
      if (next === undefined) continue;
      const replaced = await replace([redisKey], [stored, `${entry!.expiresAt}\n${sealedCacheValuePrefix}${next.toString('base64')}`]);
      pass.written(replaced === 1);
    }
    options.onProgress?.(pass.report());
  } while (cursor !== '0');
  return pass.report();
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
