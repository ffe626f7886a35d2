import { GatewayError } from "../../core/errors/gateway-error.js";
import { RedisUnavailableError } from "../../store/redis/redis-unavailable.js";
/**
 * The shared (Redis) rate limiter with the configured outage behaviour: while Redis cannot answer, `closed`
 * refuses with 503 `limits_unavailable` (retryable, nothing sent), `local` admits against `local` (this process's
 * own limiter, so each instance allows up to a whole limit until Redis returns). A reservation is settled or
 * released by the limiter that made it. `onOutage` is told once per refused or locally admitted call.
 */
export function withRedisOutagePolicy(shared, local, policy, onOutage = () => undefined) {
    const localReservations = new WeakSet();
    function fallback(error, run) {
        if (!(error instanceof RedisUnavailableError))
            throw error;
        onOutage(error);
        if (policy === 'local')
            return run();
        throw new GatewayError('limits_unavailable', { retryAfterSeconds: 1, cause: error });
    }
    const owner = (reservation) => (localReservations.has(reservation) ? local : shared);
    return {
        async check(subjects) {
            try {
                await shared.check(subjects);
            }
            catch (error) {
                await fallback(error, () => local.check(subjects));
            }
        },
        async reserve(subjects, cost) {
            try {
                return await shared.reserve(subjects, cost);
            }
            catch (error) {
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
//# sourceMappingURL=redis-outage-rate-limiter.js.map