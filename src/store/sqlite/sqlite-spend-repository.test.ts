import { describeSpendRepositoryContract } from '../spend-repository-contract.ts';
import { createSqliteSpendRepository } from './sqlite-spend-repository.ts';
import { openTemporaryDatabase } from './temporary-database.ts';

describeSpendRepositoryContract('sqlite', async () => {
  const temporary = openTemporaryDatabase();
  return { repository: createSqliteSpendRepository(temporary.database), close: temporary.close };
});
