import { z } from 'zod';
/**
 * Spending limits for one key or one tenant, per UTC calendar period. Absent fields mean no limit.
 * USD amounts are what people write; they are turned into integer nano-dollars before any arithmetic.
 */
export const budgetLimitsSchema = z.strictObject({
    usdPerDay: z.number().nonnegative().optional(),
    usdPerMonth: z.number().nonnegative().optional(),
    tokensPerDay: z.number().int().nonnegative().optional(),
    tokensPerMonth: z.number().int().nonnegative().optional(),
});
//# sourceMappingURL=budget-limits.js.map