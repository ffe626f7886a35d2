import { GatewayError } from '../../core/errors/gateway-error.ts';
import { RedisUnavailableError } from '../../store/redis/redis-unavailable.ts';
import type { RateLimiter, RateReservation } from './rate-limiter.ts';

/** What the shared rate limits do while Redis cannot answer (config `store.redis.limitsOnOutage`). */
export type LimitsOnOutage = 'closed' | 'local';

/**
 * The shared (Redis) rate limiter with the configured outage behaviour: while Redis cannot answer, `closed`
 * refuses with 503 `limits_unavailable` (retryable, nothing sent), `local` admits against `local` (this process's
 * own limiter, so each instance allows up to a whole limit until Redis returns). A reservation is settled or
 * released by the limiter that made it. `onOutage` is told once per refused or locally admitted call.
 */
export function withRedisOutagePolicy(
  shared: RateLimiter,
  local: RateLimiter,
  policy: LimitsOnOutage,
  onOutage: (error: RedisUnavailableError) => void = () => undefined,
): RateLimiter {
  const localReservations = new WeakSet<RateReservation>();

  function fallback<Result>(error: unknown, run: () => Promise<Result>): Promise<Result> {
    if (!(error instanceof RedisUnavailableError)) throw error;
    onOutage(error);
    if (policy === 'local') return run();
    throw new GatewayError('limits_unavailable', { retryAfterSeconds: 1, cause: error });
  }

  const owner = (reservation: RateReservation) => (localReservations.has(reservation) ? local : shared);

  return {
    async check(subjects) {
      try {
        await shared.check(subjects);
      } catch (error) {
        await fallback(error, () => local.check(subjects));
      }
    },
    async reserve(subjects, cost) {
      try {
        return await shared.reserve(subjects, cost);
      } catch (error) {
        return fallback(error, async () => {
          const reservation = await local.reserve(subjects, cost);
          localReservations.add(reservation);
          return reservation;
        });
      }
    },
    settle: (reservation, actualTokens) => owner(reservation).settle(reservation, actualTokens),
    release: (reservation) => owner(reservation).release(reservation),
  };
}
