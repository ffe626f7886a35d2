import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSpendRepositoryContract } from '../spend-repository-contract.ts';
import { createSqliteSpendRepository } from './sqlite-spend-repository.ts';
import { openDatabase } from './open-database.ts';

describeSpendRepositoryContract('sqlite', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'sovereign-spend-'));
  const database = openDatabase(join(directory, 'sovereign.db'));
  return {
    repository: createSqliteSpendRepository(database),
    close() {
      database.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
});
