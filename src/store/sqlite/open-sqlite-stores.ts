import type { Database } from 'better-sqlite3';
import type { ExtractionCaseRepository } from '../extraction-case-repository.ts';
import type { KeyRepository } from '../key-repository.ts';
import type { LedgerRepository } from '../ledger-repository.ts';
import type { ResponseRepository } from '../response-repository.ts';
import type { SpendRepository } from '../spend-repository.ts';
import { openDatabase, type OpenDatabaseOptions } from './open-database.ts';
import { createSqliteExtractionCaseRepository } from './sqlite-extraction-case-repository.ts';
import { createSqliteKeyRepository } from './sqlite-key-repository.ts';
import { createSqliteLedgerRepository } from './sqlite-ledger-repository.ts';
import { createSqliteResponseRepository } from './sqlite-response-repository.ts';
import { createSqliteSpendRepository } from './sqlite-spend-repository.ts';

/** Every repository over one SQLite file (`<home>/sovereign.db`). */
export interface SqliteStores {
  database: Database;
  keys: KeyRepository;
  spend: SpendRepository;
  ledger: LedgerRepository;
  responses: ResponseRepository;
  extractionCases: ExtractionCaseRepository;
  close(): void;
}

/** Opens the database (migrating it) and builds the key, spend, ledger, stored-response and extraction-case repositories on it. */
export function openSqliteStores(file: string, options: OpenDatabaseOptions = {}): SqliteStores {
  const database = openDatabase(file, options);
  return {
    database,
    keys: createSqliteKeyRepository(database),
    spend: createSqliteSpendRepository(database),
    ledger: createSqliteLedgerRepository(database),
    responses: createSqliteResponseRepository(database),
    extractionCases: createSqliteExtractionCaseRepository(database),
    close: () => database.close(),
  };
}
