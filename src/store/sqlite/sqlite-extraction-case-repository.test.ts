import { describeExtractionCaseRepositoryContract } from '../extraction-case-repository-contract.ts';
import { createSqliteExtractionCaseRepository } from './sqlite-extraction-case-repository.ts';
import { openTemporaryDatabase } from './temporary-database.ts';

describeExtractionCaseRepositoryContract('sqlite', async () => {
  const temporary = openTemporaryDatabase();
  return { repository: createSqliteExtractionCaseRepository(temporary.database), close: temporary.close };
});
