import { withConnection } from "./postgres-pool.js";
/**
 * The advisory lock every Sovereign process takes while migrating, so instances starting at once apply each
 * migration exactly once: the first migrates, the others wait, then find nothing left to do. A fixed 64-bit key
 * (the first 8 bytes of SHA-256("sovereign schema migrations")).
 * @see https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS
 */
export const migrationLockKey = '-4028031432510059605';
/**
 * Brings the database to the latest migration, each in its own transaction together with its `schema_version`
 * row (Postgres DDL is transactional: a failed migration leaves the previous version intact). Returns the version
 * reached; refuses a database newer than this program.
 */
export async function migratePostgres(pool, migrations) {
    migrations.forEach((migration, index) => {
        if (migration.version !== index + 1)
            throw new Error(`migration ${migration.name} has version ${migration.version}, expected ${index + 1}`);
    });
    return withConnection(pool, async (client) => {
        await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
        try {
            await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)');
            const current = async () => Number((await client.query('SELECT max(version) AS version FROM schema_version')).rows[0]?.version ?? 0);
            const reached = await current();
            if (reached > migrations.length) {
                throw new Error(`the database is at schema version ${reached}, newer than this program knows (${migrations.length}); upgrade Sovereign`);
            }
            for (const migration of migrations.slice(reached)) {
                await client.query('BEGIN');
                try {
                    await client.query(migration.up);
                    await client.query('INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, Date.now()]);
                    await client.query('COMMIT');
                }
                catch (error) {
                    await client.query('ROLLBACK').catch(() => undefined);
                    throw new Error(`migration ${migration.version} (${migration.name}) failed: ${error.message}`, { cause: error });
                }
            }
            return await current();
        }
        finally {
            await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]).catch(() => undefined);
        }
    });
}
//# sourceMappingURL=postgres-migrate.js.map