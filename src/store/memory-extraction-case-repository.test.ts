import { describeExtractionCaseRepositoryContract } from './extraction-case-repository-contract.ts';
import { createMemoryExtractionCaseRepository } from './extraction-case-repository.ts';

describeExtractionCaseRepositoryContract('memory', async () => ({ repository: createMemoryExtractionCaseRepository(), close: () => undefined }));
