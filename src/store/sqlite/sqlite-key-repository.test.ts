import { describeKeyRepositoryContract } from '../key-repository-contract.ts';
import { createSqliteKeyRepository } from './sqlite-key-repository.ts';
import { openTemporaryDatabase } from './temporary-database.ts';

describeKeyRepositoryContract('sqlite', async () => {
  const temporary = openTemporaryDatabase();
  return { repository: createSqliteKeyRepository(temporary.database), close: temporary.close };
});
