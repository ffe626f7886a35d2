import { z } from 'zod';
/** Request and token rates for one key or one tenant. Absent fields mean no limit. */
export const rateLimitsSchema = z.strictObject({
    requestsPerMinute: z.number().int().positive().optional(),
    tokensPerMinute: z.number().int().positive().optional(),
});
//# sourceMappingURL=rate-limits.js.map