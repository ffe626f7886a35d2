import { openDatabase } from "../store/sqlite/open-database.js";
import { createSqliteKeyRepository } from "../store/sqlite/sqlite-key-repository.js";
import { createSqliteLedgerRepository } from "../store/sqlite/sqlite-ledger-repository.js";
import { resolveStoreUrls } from "../server/config/store-urls.js";
/**
 * `SOVEREIGN_DATABASE_URL` set: the shared Postgres database (migrated if needed, as the gateway would);
 * otherwise the SQLite file `file` (the state directory's `sovereign.db`).
 */
export async function openCliStores(file, env) {
    const { postgres } = resolveStoreUrls(undefined, env);
    if (postgres) {
        // Loaded only when configured: the Postgres driver stays out of the embedded default's start-up.
        const [{ migratePostgres }, { createPostgresKeyRepository }, { createPostgresLedgerRepository }, { createPostgresPool, redactPostgresUrl }, { sovereignPostgresMigrations }] = await Promise.all([
            import("../store/postgres/postgres-migrate.js"),
            import("../store/postgres/postgres-key-repository.js"),
            import("../store/postgres/postgres-ledger-repository.js"),
            import("../store/postgres/postgres-pool.js"),
            import("../store/postgres/sovereign-postgres-migrations.js"),
        ]);
        const pool = createPostgresPool(postgres, { max: 2, onError: () => undefined });
        try {
            await migratePostgres(pool, sovereignPostgresMigrations);
        }
        catch (error) {
            await pool.end().catch(() => undefined);
            throw new Error(`cannot use Postgres at ${redactPostgresUrl(postgres)}: ${error.message}`, { cause: error });
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
//# sourceMappingURL=open-cli-stores.js.map