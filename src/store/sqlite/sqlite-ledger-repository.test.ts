import { describeLedgerRepositoryContract } from '../ledger-repository-contract.ts';
import { createSqliteLedgerRepository } from './sqlite-ledger-repository.ts';
import { openTemporaryDatabase } from './temporary-database.ts';

describeLedgerRepositoryContract('sqlite', async () => {
  const temporary = openTemporaryDatabase();
  return { repository: createSqliteLedgerRepository(temporary.database), close: temporary.close };
});
