import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { sovereignMigrations } from '../store/sqlite/sovereign-migrations.ts';
import type { DoctorCheck } from './doctor-check.ts';

/** Opens the local state database read-only: its integrity (`PRAGMA quick_check`) and schema version. */
export function checkStateDatabase(file: string): DoctorCheck {
  const name = 'sqlite';
  if (!existsSync(file)) return { name, ok: true, message: `${file}: not created yet (made at first start)` };
  let database: Database.Database | undefined;
  try {
    database = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = database.prepare<[], { quick_check: string }>('PRAGMA quick_check').all().map((row) => row.quick_check);
    if (integrity.length !== 1 || integrity[0] !== 'ok') {
      return { name, ok: false, message: `${file}: damaged (${integrity.slice(0, 3).join('; ')})`, fix: 'stop the gateway and restore the file from your backup' };
    }
    const known = sovereignMigrations.length;
    const hasTable = database.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get() !== undefined;
    const reached = hasTable ? (database.prepare<[], { version: number | null }>('SELECT max(version) AS version FROM schema_version').get()?.version ?? 0) : 0;
    if (reached > known) return { name, ok: false, message: `${file}: schema ${reached}, newer than this program (${known})`, fix: 'upgrade Sovereign to the version that wrote it' };
    return { name, ok: true, message: `${file}: intact, schema ${reached} of ${known}${reached < known ? ' (the rest is applied at start)' : ''}` };
  } catch (error) {
    return { name, ok: false, message: `${file}: cannot be opened (${(error as Error).message})`, fix: 'check its permissions, or restore it from your backup' };
  } finally {
    database?.close();
  }
}
