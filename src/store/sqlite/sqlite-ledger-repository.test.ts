import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeLedgerRepositoryContract } from '../ledger-repository-contract.ts';
import { createSqliteLedgerRepository } from './sqlite-ledger-repository.ts';
import { openDatabase } from './open-database.ts';

describeLedgerRepositoryContract('sqlite', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'sovereign-ledger-'));
  const database = openDatabase(join(directory, 'sovereign.db'));
  return {
    repository: createSqliteLedgerRepository(database),
    close() {
      database.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
});
