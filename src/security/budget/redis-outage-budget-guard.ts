import { GatewayError } from '../../core/errors/gateway-error.ts';
import { RedisUnavailableError } from '../../store/redis/redis-unavailable.ts';
import type { LimitsOnOutage } from '../rate-limit/redis-outage-rate-limiter.ts';
import type { BudgetGuard, Reservation } from './budget-guard.ts';

/**
 * The shared (Redis) budget guard with the configured outage behaviour, as for rate limits
 * (`store.redis.limitsOnOutage`): while Redis cannot answer, `closed` refuses a budgeted request with 503
 * `limits_unavailable` (retryable, nothing sent), `local` holds it against `local` (this process's own guard,
 * loaded from the database: each instance may then spend what the database does not show yet as spent by the
 * others). Requests of keys and tenants without budgets never need Redis. A reservation is settled or released by
 * the guard that made it. `onOutage` is told once per refused or locally held request.
 */
export function withBudgetOutagePolicy(
  shared: BudgetGuard,
  local: BudgetGuard,
  policy: LimitsOnOutage,
  onOutage: (error: RedisUnavailableError) => void = () => undefined,
): BudgetGuard {
  const localReservations = new WeakSet<Reservation>();
  const owner = (reservation: Reservation) => (localReservations.has(reservation) ? local : shared);
  return {
    async reserve(principal, worstCaseUsd, worstCaseTokens) {
      try {
        return await shared.reserve(principal, worstCaseUsd, worstCaseTokens);
      } catch (error) {
        if (!(error instanceof RedisUnavailableError)) throw error;
        onOutage(error);
        if (policy === 'closed') throw new GatewayError('limits_unavailable', { retryAfterSeconds: 1, cause: error });
        const reservation = await local.reserve(principal, worstCaseUsd, worstCaseTokens);
        localReservations.add(reservation);
        return reservation;
      }
    },
    settle: (reservation, actualUsd, actualTokens) => owner(reservation).settle(reservation, actualUsd, actualTokens),
    release: (reservation) => owner(reservation).release(reservation),
    spend: (scope, id, period, time) => shared.spend(scope, id, period, time),
    flush: () => shared.flush(),
    async close() {
      await shared.close();
      await local.close();
    },
  };
}
