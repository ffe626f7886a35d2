import type { KeyRepository } from '../store/key-repository.ts';
import type { LedgerRepository } from '../store/ledger-repository.ts';
import { migratePostgres } from '../store/postgres/postgres-migrate.ts';
import { createPostgresKeyRepository } from '../store/postgres/postgres-key-repository.ts';
import { createPostgresLedgerRepository } from '../store/postgres/postgres-ledger-repository.ts';
import { createPostgresPool, redactPostgresUrl } from '../store/postgres/postgres-pool.ts';
import { sovereignPostgresMigrations } from '../store/postgres/sovereign-postgres-migrations.ts';
import { openDatabase } from '../store/sqlite/open-database.ts';
import { createSqliteKeyRepository } from '../store/sqlite/sqlite-key-repository.ts';
import { createSqliteLedgerRepository } from '../store/sqlite/sqlite-ledger-repository.ts';
import { resolveStoreUrls } from '../server/config/store-urls.ts';

/** The repositories a CLI command works on: the gateway's own, wherever they live. */
export interface CliStores {
  keys: KeyRepository;
  ledger: LedgerRepository;
  /** `Postgres postgres://...` (password hidden) or the SQLite file. */
  location: string;
  close(): Promise<void>;
}

/**
 * `SOVEREIGN_DATABASE_URL` set: the shared Postgres database (migrated if needed, as the gateway would);
 * otherwise the SQLite file `file` (the state directory's `sovereign.db`).
 */
export async function openCliStores(file: string, env: Record<string, string | undefined>): Promise<CliStores> {
  const { postgres } = resolveStoreUrls(undefined, env);
  if (postgres) {
    const pool = createPostgresPool(postgres, { max: 2, onError: () => undefined });
    try {
      await migratePostgres(pool, sovereignPostgresMigrations);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new Error(`cannot use Postgres at ${redactPostgresUrl(postgres)}: ${(error as Error).message}`, { cause: error });
    }
    return {
      keys: createPostgresKeyRepository(pool),
      ledger: createPostgresLedgerRepository(pool),
      location: `Postgres ${redactPostgresUrl(postgres)}`,
      close: () => pool.end(),
    };
  }
  const database = openDatabase(file);
  return {
    keys: createSqliteKeyRepository(database),
    ledger: createSqliteLedgerRepository(database),
    location: file,
    close: async () => {
      database.close();
    },
  };
}
