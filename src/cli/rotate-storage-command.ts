import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { rotateStorageKeyring, storageKeysVariable } from '../security/envelope/load-storage-keyring.ts';
import type { RewrapReport } from '../security/envelope/rewrap-pass.ts';
import type { StorageKeyring } from '../security/envelope/storage-keyring.ts';
import { resolveStoreUrls } from '../server/config/store-urls.ts';
import { rewrapStoredResponses } from '../server/responses/rewrap-stored-responses.ts';
import type { CliStores } from './open-cli-stores.ts';

/** Where the command writes and the environment it reads (the shape of `CommandIo`). */
export interface RotateStorageIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

/** One store's part of the rotation: what it holds, where, and what the pass did (or why it could not run). */
interface StoreRewrap {
  store: 'stored responses' | 'cached answers';
  location: string;
  report?: RewrapReport;
  error?: string;
}

/**
 * `sovereign keys rotate-storage`: adds a new current storage key to `<home>/storage-keys.json` (old keys stay, so
 * anything sealed before still opens), then re-wraps the data key of every sealed stored response and, with
 * `SOVEREIGN_REDIS_URL` set, of every sealed cached answer in Redis, content untouched, printing progress to stderr
 * and counts per store. A running gateway reloads the keyring when it meets the new key. Cached answers in a
 * gateway's own memory are out of reach: they stay readable (the old keys are kept) and expire within
 * `cache.ttlSeconds`. Exit 1 when the keys come from `SOVEREIGN_STORAGE_KEYS`, the keyring file is missing, a store
 * cannot be read, or an entry could not be re-wrapped (named, with the reason; never its content).
 */
export async function rotateStorageCommand(databaseFile: string, stores: CliStores, io: RotateStorageIo, json: boolean): Promise<number> {
  const file = join(dirname(databaseFile), 'storage-keys.json');
  if (io.env[storageKeysVariable]) {
    io.err(`sovereign keys rotate-storage: the storage keys come from ${storageKeysVariable}: add a key where that variable is kept, then restart the gateway\n`);
    return 1;
  }
  if (!existsSync(file)) {
    io.err(`sovereign keys rotate-storage: no storage keyring at ${file} (the gateway creates it on its first start with responses.seal or a sealed cache)\n`);
    return 1;
  }
  let redisUrl: string | undefined;
  let keyring: StorageKeyring;
  try {
    redisUrl = resolveStoreUrls(undefined, io.env).redis;
    keyring = rotateStorageKeyring(file, io.env as NodeJS.ProcessEnv);
  } catch (error) {
    io.err(`sovereign keys rotate-storage: ${(error as Error).message}\n`);
    return 1;
  }
  io.err(`New current storage key ${keyring.current.id} in ${file} (${keyring.keys.size} keys kept)\n`);
  const progress = (store: string) => (report: RewrapReport) => io.err(`  ${store}: ${report.rows} read, ${report.rewrapped} re-wrapped\n`);
  const results: StoreRewrap[] = [];
  io.err(`Re-wrapping stored responses (${stores.location})\n`);
  results.push({ store: 'stored responses', location: stores.location, report: await rewrapStoredResponses(stores.responses, keyring, { onProgress: progress('stored responses') }) });
  if (redisUrl) results.push(await rewrapCachedAnswers(redisUrl, keyring, io, progress('cached answers')));

  const responses = results[0]!.report!;
  if (json) {
    io.out(`${JSON.stringify({ keyId: keyring.current.id, keys: keyring.keys.size, ...responses, stores: results }, null, 2)}\n`);
  } else {
    io.out(`Storage key ${keyring.current.id} is current.\n`);
    for (const result of results) {
      const report = result.report;
      if (report === undefined) {
        io.out(`  ${result.store} (${result.location}): not re-wrapped: ${result.error}\n`);
        continue;
      }
      io.out(
        `  ${result.store} (${result.location}): ${report.rows} read, ${report.rewrapped} re-wrapped, ${report.current} already under it, ` +
          `${report.unsealed} never sealed, ${report.changedMeanwhile} rewritten meanwhile, ${report.failed.length} failed.\n`,
      );
      for (const failure of report.failed) io.out(`    failed: ${failure.tenant}/${failure.id}: ${failure.reason}\n`);
    }
    if (!redisUrl) io.out(`  cached answers: none outside the gateways (no SOVEREIGN_REDIS_URL); those in a gateway's memory stay readable and expire within cache.ttlSeconds.\n`);
  }
  return results.some((result) => result.error !== undefined || (result.report?.failed.length ?? 0) > 0) ? 1 : 0;
}

/** Re-wraps the sealed cached answers in Redis; the Redis client is loaded only when Redis is configured. */
async function rewrapCachedAnswers(url: string, keyring: StorageKeyring, io: RotateStorageIo, onProgress: (report: RewrapReport) => void): Promise<StoreRewrap> {
  const [{ createRedisClient, redactRedisUrl }, { rewrapRedisCache }] = await Promise.all([import('../store/redis/redis-client.ts'), import('../store/redis/rewrap-redis-cache.ts')]);
  const location = `Redis ${redactRedisUrl(url)}`;
  io.err(`Re-wrapping cached answers (${location})\n`);
  const client = createRedisClient(url, { commandTimeoutMs: 10_000 });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Redis did not answer within 5 s')), 5_000);
      client.onReady(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return { store: 'cached answers', location, report: await rewrapRedisCache(client, keyring, { onProgress }) };
  } catch (error) {
    return { store: 'cached answers', location, error: (error as Error).message };
  } finally {
    await client.close();
  }
}
