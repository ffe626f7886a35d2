import { describe } from 'vitest';
import { openPostgresTestDatabase } from '../../../test/helpers/postgres-database.ts';
import { postgresAvailability, usePostgresServer } from '../../../test/helpers/real-engines.ts';
import { describeDecisionRepositoryContract } from '../decision-repository-contract.ts';
import { describeKeyRepositoryContract } from '../key-repository-contract.ts';
import { describeLedgerRepositoryContract } from '../ledger-repository-contract.ts';
import { describeLedgerViewsContract } from '../ledger-views-contract.ts';
import { createPostgresLedgerViews } from './postgres-ledger-views.ts';
import { describeResponseRepositoryContract } from '../response-repository-contract.ts';
import { describeSpendRepositoryContract } from '../spend-repository-contract.ts';
import { createPostgresDecisionRepository } from './postgres-decision-repository.ts';
import { createPostgresKeyRepository } from './postgres-key-repository.ts';
import { createPostgresLedgerRepository } from './postgres-ledger-repository.ts';
import { createPostgresResponseRepository } from './postgres-response-repository.ts';
import { createPostgresSpendRepository } from './postgres-spend-repository.ts';

// The same contract suites the SQLite repositories pass, against a real Postgres server (a fresh database each).
describe.skipIf(postgresAvailability().skip)('Postgres repositories', () => {
  const server = usePostgresServer();
  describeKeyRepositoryContract('postgres', async () => {
    const database = await openPostgresTestDatabase(server());
    return { repository: createPostgresKeyRepository(database.pool), close: database.close };
  });
  describeSpendRepositoryContract('postgres', async () => {
    const database = await openPostgresTestDatabase(server());
    return { repository: createPostgresSpendRepository(database.pool), close: database.close };
  });
  describeLedgerRepositoryContract('postgres', async () => {
    const database = await openPostgresTestDatabase(server());
    return { repository: createPostgresLedgerRepository(database.pool), close: database.close };
  });
  describeLedgerViewsContract('postgres', async () => {
    const database = await openPostgresTestDatabase(server());
    return { ledger: createPostgresLedgerRepository(database.pool), repository: createPostgresLedgerViews(database.pool), close: database.close };
  });
  describeDecisionRepositoryContract('postgres', async () => {
    const database = await openPostgresTestDatabase(server());
    return { repository: createPostgresDecisionRepository(database.pool), close: database.close };
  });
  describeResponseRepositoryContract('postgres', async () => {
    const database = await openPostgresTestDatabase(server());
    return { repository: createPostgresResponseRepository(database.pool), close: database.close };
  });
});
