import { z } from 'zod';
import { usdToNanoUsd } from '../pricing/nano-usd.ts';
import type { BudgetPeriod } from './budget-period.ts';

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
export type BudgetLimits = z.infer<typeof budgetLimitsSchema>;

/** Whether `limits` sets any limit at all (an empty object sets none). */
export function hasBudgetLimits(limits: BudgetLimits | undefined): limits is BudgetLimits {
  return limits !== undefined && (limits.usdPerDay ?? limits.usdPerMonth ?? limits.tokensPerDay ?? limits.tokensPerMonth) !== undefined;
}

/** The limit of one period in one unit: integer nano-dollars for `usd`, tokens for `tokens`; undefined: none. */
export function budgetLimitOf(limits: BudgetLimits | undefined, period: BudgetPeriod, unit: 'usd' | 'tokens'): number | undefined {
  if (!limits) return undefined;
  if (unit === 'usd') {
    const usd = period === 'day' ? limits.usdPerDay : limits.usdPerMonth;
    return usd === undefined ? undefined : usdToNanoUsd(usd);
  }
  return period === 'day' ? limits.tokensPerDay : limits.tokensPerMonth;
}
