import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './open-database.ts';

/** A real SQLite file in a fresh temporary directory, for tests. `close` deletes it. */
export interface TemporaryDatabase {
  database: Database;
  file: string;
  close(): void;
}

export function openTemporaryDatabase(): TemporaryDatabase {
  const directory = mkdtempSync(join(tmpdir(), 'sovereign-db-'));
  const file = join(directory, 'sovereign.db');
  const database = openDatabase(file);
  return {
    database,
    file,
    close() {
      database.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
