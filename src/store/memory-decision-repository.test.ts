import { describeDecisionRepositoryContract } from './decision-repository-contract.ts';
import { createMemoryDecisionRepository } from './decision-repository.ts';

describeDecisionRepositoryContract('memory', async () => ({ repository: createMemoryDecisionRepository(), close: () => undefined }));
