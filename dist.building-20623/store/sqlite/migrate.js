/**
 * Brings the database to the latest migration. Each pending migration runs in its own `BEGIN IMMEDIATE`
 * transaction together with its row in `schema_version`, so two processes opening the same file cannot apply
 * one twice, and a failed migration leaves the previous version intact. Returns the version reached.
 * @see https://www.sqlite.org/lang_transaction.html
 */
export function migrate(database, migrations) {
    database.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    migrations.forEach((migration, index) => {
        if (migration.version !== index + 1)
            throw new Error(`migration ${migration.name} has version ${migration.version}, expected ${index + 1}`);
    });
    const currentVersion = database.prepare('SELECT max(version) AS version FROM schema_version');
    const record = database.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of migrations) {
        const apply = database.transaction(() => {
            // Read inside the transaction: another process may have applied it while we waited for the lock.
            if ((currentVersion.get()?.version ?? 0) >= migration.version)
                return;
            if (typeof migration.up === 'string')
                database.exec(migration.up);
            else
                migration.up(database);
            record.run(migration.version, migration.name, Date.now());
        });
        apply.immediate();
    }
    const reached = currentVersion.get()?.version ?? 0;
    if (reached > migrations.length) {
        throw new Error(`the database is at schema version ${reached}, newer than this program knows (${migrations.length}); upgrade Sovereign`);
    }
    return reached;
}
//# sourceMappingURL=migrate.js.map