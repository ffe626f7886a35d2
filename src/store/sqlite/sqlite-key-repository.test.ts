import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeKeyRepositoryContract } from '../key-repository-contract.ts';
import { createSqliteKeyRepository } from './sqlite-key-repository.ts';
import { openDatabase } from './open-database.ts';

describeKeyRepositoryContract('sqlite', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'sovereign-keys-'));
  const database = openDatabase(join(directory, 'sovereign.db'));
  return {
    repository: createSqliteKeyRepository(database),
    close() {
      database.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
});
