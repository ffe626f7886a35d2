import { GatewayError } from "../../core/errors/gateway-error.js";
import { formatUsd } from "../pricing/nano-usd.js";
import { periodEnd } from "./budget-period.js";
/**
 * 429 `budget_exceeded` naming the budget, what was spent and held, and what the request needed, with
 * `retry-after` at the end of the period; never a secret.
 */
export function budgetRefusal(shortfall, time) {
    const { scope, period, unit, limit, spent, held, needed } = shortfall;
    const periodName = period === 'day' ? 'daily' : 'monthly';
    const message = unit === 'usd'
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
//# sourceMappingURL=budget-refusal.js.map