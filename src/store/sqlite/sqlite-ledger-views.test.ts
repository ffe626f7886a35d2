import { describeLedgerViewsContract } from '../ledger-views-contract.ts';
import { createSqliteLedgerRepository } from './sqlite-ledger-repository.ts';
import { createSqliteLedgerViews } from './sqlite-ledger-views.ts';
import { openTemporaryDatabase } from './temporary-database.ts';

describeLedgerViewsContract('sqlite', async () => {
  const temporary = openTemporaryDatabase();
  return { ledger: createSqliteLedgerRepository(temporary.database), repository: createSqliteLedgerViews(temporary.database), close: temporary.close };
});
