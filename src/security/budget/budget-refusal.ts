import { GatewayError } from '../../core/errors/gateway-error.ts';
import { formatUsd } from '../pricing/nano-usd.ts';
import { periodEnd, type BudgetPeriod } from './budget-period.ts';

/** What a refused reservation ran into: one counter of one scope, in USD or tokens. */
export interface BudgetShortfall {
  scope: 'key' | 'tenant';
  period: BudgetPeriod;
  unit: 'usd' | 'tokens';
  /** The budget: integer nano-dollars or tokens. */
  limit: number;
  spent: number;
  /** Held by requests in flight. */
  held: number;
  /** What the refused request needed at the most. */
  needed: number;
}

/**
 * 429 `budget_exceeded` naming the budget, what was spent and held, and what the request needed, with
 * `retry-after` at the end of the period; never a secret.
 */
export function budgetRefusal(shortfall: BudgetShortfall, time: number): GatewayError {
  const { scope, period, unit, limit, spent, held, needed } = shortfall;
  const periodName = period === 'day' ? 'daily' : 'monthly';
  const message =
    unit === 'usd'
      ? `The ${scope}'s ${periodName} budget of ${formatUsd(limit)} does not cover this request ` +
        `(${formatUsd(spent)} spent, ${formatUsd(held)} held by requests in flight, up to ${formatUsd(needed)} needed).`
      : `The ${scope}'s ${periodName} budget of ${limit} tokens does not cover this request ` +
        `(${spent} spent, ${held} held by requests in flight, up to ${needed} needed).`;
  return new GatewayError('budget_exceeded', {
    message,
    retryAfterSeconds: Math.max(1, Math.ceil((periodEnd(period, time) - time) / 1000)),
    details: { scope, period, unit },
  });
}
