import Sqlite from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from "./migrate.js";
import { sovereignMigrations } from "./sovereign-migrations.js";
/**
 * Opens (creating if needed) the embedded SQLite database and brings its schema up to date.
 *
 * - `journal_mode=WAL`: readers never block the writer, and the CLI can read while the gateway writes.
 * - `synchronous=NORMAL`: in WAL mode a commit survives a crash of the process; only an OS crash or power loss
 *   may lose the last commits (the WAL is fsynced at checkpoints, not at every commit).
 * - `busy_timeout`: a second process (the CLI) waits for the lock instead of failing at once.
 * @see https://www.sqlite.org/wal.html
 * @see https://www.sqlite.org/pragma.html#pragma_synchronous
 */
export function openDatabase(file, options = {}) {
    if (file !== ':memory:' && !options.readonly)
        mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const database = new Sqlite(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    try {
        database.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
        if (!options.readonly) {
            database.pragma('journal_mode = WAL');
            database.pragma('synchronous = NORMAL');
            database.pragma('foreign_keys = ON');
            migrate(database, options.migrations ?? sovereignMigrations);
        }
        return database;
    }
    catch (error) {
        database.close();
        throw error;
    }
}
//# sourceMappingURL=open-database.js.map