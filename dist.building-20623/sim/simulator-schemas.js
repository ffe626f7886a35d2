import { z } from 'zod';
const dialects = ['openai', 'anthropic', 'gemini', 'ollama'];
/** Validates a fault from the control API or the CLI. */
export const faultSpecSchema = z.strictObject({
    kind: z.enum(['rate-limit', 'server-error', 'unavailable', 'overloaded', 'timeout', 'connection-reset', 'stream-cut', 'malformed-chunk']),
    model: z.string().min(1).optional(),
    dialect: z.enum(dialects).optional(),
    times: z.number().int().positive().optional(),
    retryAfterSeconds: z.number().nonnegative().optional(),
    afterChunks: z.number().int().nonnegative().optional(),
});
/** Validates a simulated model from the control API or the CLI. */
export const simulatedModelSchema = z.strictObject({
    name: z.string().min(1),
    ttftMs: z.number().nonnegative().optional(),
    tokensPerSecond: z.number().nonnegative().optional(),
    outputTokens: z.number().int().positive().optional(),
    seed: z.number().int().optional(),
    embeddingDimensions: z.number().int().positive().optional(),
});
//# sourceMappingURL=simulator-schemas.js.map