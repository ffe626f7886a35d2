import { Redis } from 'ioredis';
import pg from 'pg';
import { redactPostgresUrl } from '../store/postgres/postgres-pool.ts';
import { sovereignPostgresMigrations } from '../store/postgres/sovereign-postgres-migrations.ts';
import { redactRedisUrl } from '../store/redis/redis-client.ts';
import type { StoreUrls } from '../server/config/store-urls.ts';
import type { DoctorCheck } from './doctor-check.ts';

/** One line of `doctor`'s report on a backing service; the URL's password is hidden. */
export interface ConnectionCheck extends DoctorCheck {
  name: 'postgres' | 'redis';
}

/** Connects to Postgres, reads its version and Sovereign's schema version. */
export async function checkPostgres(url: string, timeoutMs = 3_000): Promise<ConnectionCheck> {
  const where = redactPostgresUrl(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, statement_timeout: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const version = (await client.query<{ version: string }>("SELECT current_setting('server_version') AS version")).rows[0]?.version;
    const table = (await client.query<{ exists: string | null }>("SELECT to_regclass('schema_version')::text AS exists")).rows[0]?.exists;
    const known = sovereignPostgresMigrations.length;
    let schema = `not created yet (the gateway applies ${known} migrations at first start)`;
    let ok = true;
    if (table) {
      const reached = Number((await client.query<{ version: string | null }>('SELECT max(version)::text AS version FROM schema_version')).rows[0]?.version ?? 0);
      schema = reached === known ? `schema ${reached} of ${known}` : reached < known ? `schema ${reached} of ${known} (the rest is applied at start)` : `schema ${reached}, newer than this program (${known}): upgrade Sovereign`;
      ok = reached <= known;
    }
    return { name: 'postgres', ok, message: `${where}: PostgreSQL ${version ?? '?'}, ${schema}` };
  } catch (error) {
    return { name: 'postgres', ok: false, message: `${where}: cannot connect (${(error as Error).message})` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Connects to Redis, sends PING and reads the server version and eviction policy. */
export async function checkRedis(url: string, timeoutMs = 3_000): Promise<ConnectionCheck> {
  const where = redactRedisUrl(url);
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, commandTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const pong = await client.ping();
    const info = await client.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
    const policy = ((await client.config('GET', 'maxmemory-policy').catch(() => [])) as string[])[1];
    const note = policy && policy !== 'allkeys-lru' && policy !== 'allkeys-lfu' ? ` (maxmemory-policy ${policy}; allkeys-lru suits the shared cache)` : '';
    return { name: 'redis', ok: pong === 'PONG', message: `${where}: Redis ${version}${note}` };
  } catch (error) {
    return { name: 'redis', ok: false, message: `${where}: cannot connect (${(error as Error).message})` };
  } finally {
    client.disconnect();
  }
}

/** Checks every configured backing service, in parallel. */
export async function checkConnections(urls: StoreUrls, timeoutMs?: number): Promise<ConnectionCheck[]> {
  return Promise.all([...(urls.postgres ? [checkPostgres(urls.postgres, timeoutMs)] : []), ...(urls.redis ? [checkRedis(urls.redis, timeoutMs)] : [])]);
}
