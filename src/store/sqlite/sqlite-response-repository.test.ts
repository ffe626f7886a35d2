import { describeResponseRepositoryContract, describeStoredResponseContentsContract } from '../response-repository-contract.ts';
import { createSqliteResponseRepository } from './sqlite-response-repository.ts';
import { openTemporaryDatabase } from './temporary-database.ts';

describeResponseRepositoryContract('sqlite', async () => {
  const temporary = openTemporaryDatabase();
  return { repository: createSqliteResponseRepository(temporary.database), close: temporary.close };
});

describeStoredResponseContentsContract('sqlite', async () => {
  const temporary = openTemporaryDatabase();
  return { repository: createSqliteResponseRepository(temporary.database), close: temporary.close };
});
