import type { SimulatedModel } from '../../src/sim/simulator.ts';

/** The model every measured request asks for: answers at once, 20 words (20 content chunks when streamed). */
export const chatModel = 'gpt-4o-mini';

/** The model of the idle-stream memory test: headers and the first chunk at once, the next one 100 s later. */
export const idleStreamModel = 'bench-idle-stream';

export const simulatedModels: SimulatedModel[] = [
  { name: chatModel, ttftMs: 0, tokensPerSecond: 0, outputTokens: 20, seed: 7 },
  { name: idleStreamModel, ttftMs: 0, tokensPerSecond: 0.01, outputTokens: 20, seed: 7 },
];
