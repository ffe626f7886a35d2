import type { ExtractionCaseRepository } from '../store/extraction-case-repository.ts';
import type { KeyRepository } from '../store/key-repository.ts';
import type { LedgerRepository } from '../store/ledger-repository.ts';
import type { StoredResponseContents } from '../store/response-repository.ts';
import { createSqliteResponseRepository } from '../store/sqlite/sqlite-response-repository.ts';
import { openDatabase } from '../store/sqlite/open-database.ts';
import { createSqliteExtractionCaseRepository } from '../store/sqlite/sqlite-extraction-case-repository.ts';
import { createSqliteKeyRepository } from '../store/sqlite/sqlite-key-repository.ts';
import { createSqliteLedgerRepository } from '../store/sqlite/sqlite-ledger-repository.ts';
import { resolveStoreUrls } from '../server/config/store-urls.ts';

/** The repositories a CLI command works on: the gateway's own, wherever they live. */
export interface CliStores {
  keys: KeyRepository;
  ledger: LedgerRepository;
  /** Stored responses' content, for re-wrapping after a storage-key rotation. */
  responses: StoredResponseContents;
  extractionCases: ExtractionCaseRepository;
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
    // Loaded only when configured: the Postgres driver stays out of the embedded default's start-up.
    const [{ migratePostgres }, { createPostgresKeyRepository }, { createPostgresLedgerRepository }, { createPostgresResponseRepository }, { createPostgresPool, redactPostgresUrl }, { sovereignPostgresMigrations }, { createPostgresExtractionCaseRepository }] =
      await Promise.all([
        import('../store/postgres/postgres-migrate.ts'),
        import('../store/postgres/postgres-key-repository.ts'),
        import('../store/postgres/postgres-ledger-repository.ts'),
        import('../store/postgres/postgres-response-repository.ts'),
        import('../store/postgres/postgres-pool.ts'),
        import('../store/postgres/sovereign-postgres-migrations.ts'),
        import('../store/postgres/postgres-extraction-case-repository.ts'),
      ]);
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
      responses: createPostgresResponseRepository(pool),
      extractionCases: createPostgresExtractionCaseRepository(pool),
      location: `Postgres ${redactPostgresUrl(postgres)}`,
      close: () => pool.end(),
    };
  }
  const database = openDatabase(file);
  return {
    keys: createSqliteKeyRepository(database),
    ledger: createSqliteLedgerRepository(database),
    responses: createSqliteResponseRepository(database),
    extractionCases: createSqliteExtractionCaseRepository(database),
    location: file,
    close: async () => {
      database.close();
    },
  };
}
