import type pg from 'pg';
import { migratePostgres } from '../../src/store/postgres/postgres-migrate.ts';
import { createPostgresPool } from '../../src/store/postgres/postgres-pool.ts';
import { sovereignPostgresMigrations } from '../../src/store/postgres/sovereign-postgres-migrations.ts';
import type { PostgresServer } from './postgres-server.ts';

/** A fresh database on a test server, migrated, with a pool on it. */
export interface PostgresTestDatabase {
  url: string;
  pool: pg.Pool;
  close(): Promise<void>;
}

export async function openPostgresTestDatabase(server: PostgresServer, options: { migrate?: boolean } = {}): Promise<PostgresTestDatabase> {
  const url = await server.createDatabase();
  const pool = createPostgresPool(url, { max: 4, onError: () => undefined });
  if (options.migrate ?? true) await migratePostgres(pool, sovereignPostgresMigrations);
  return { url, pool, close: () => pool.end() };
}
