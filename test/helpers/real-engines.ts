import { afterAll, beforeAll } from 'vitest';
import { findPostgresBinaries, findRedisServer } from './engine-binaries.ts';
import { startPostgresServer, type PostgresServer } from './postgres-server.ts';
import { startRedisServer, type RedisServer } from './redis-server.ts';

/** CI sets `CI=true`: there a missing engine is a failure, never a skip. */
export const runningInCi = process.env.CI === 'true' || process.env.CI === '1';

/** Whether tests needing an engine run here; when they do not, `reason` says why (and was printed once). */
export interface EngineAvailability {
  skip: boolean;
  reason?: string;
}

const announced = new Set<string>();

function availability(engine: string, lookup: { found: boolean; reason?: string }): EngineAvailability {
  if (lookup.found || runningInCi) return { skip: false };
  const reason = `${engine} tests skipped: ${lookup.reason ?? 'not installed'}. In CI (CI=true) this is a failure.`;
  if (!announced.has(engine)) {
    announced.add(engine);
    process.stderr.write(`\n[sovereign tests] ${reason}\n`);
  }
  return { skip: true, reason };
}

/** For `describe.skipIf(postgresAvailability().skip)`: skips only outside CI when Postgres is not installed. */
export function postgresAvailability(): EngineAvailability {
  const lookup = findPostgresBinaries();
  return availability('Postgres', lookup.found ? { found: true } : { found: false, reason: lookup.reason });
}

/** For `describe.skipIf(redisAvailability().skip)`: skips only outside CI when redis-server is not installed. */
export function redisAvailability(): EngineAvailability {
  const lookup = findRedisServer();
  return availability('Redis', lookup.found ? { found: true } : { found: false, reason: lookup.reason });
}

/**
 * Starts one Postgres server for the enclosing `describe` (before its first test) and removes it after the last.
 * Returns an accessor, since the server exists only once the hook has run.
 */
export function usePostgresServer(): () => PostgresServer {
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = await startPostgresServer();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('the Postgres server has not started (call the accessor inside a test or hook)');
    return server;
  };
}

/** Starts one `redis-server` for the enclosing `describe` and stops it after the last test. */
export function useRedisServer(): () => RedisServer {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
  }, 30_000);
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('the Redis server has not started (call the accessor inside a test or hook)');
    return server;
  };
}
