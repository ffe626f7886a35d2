import { createRedisCacheStore } from "../store/redis/redis-cache-store.js";
import { createRedisClient, redactRedisUrl } from "../store/redis/redis-client.js";
import { createRedisRateLimiter } from "../security/rate-limit/redis-rate-limiter.js";
import { withRedisOutagePolicy } from "../security/rate-limit/redis-outage-rate-limiter.js";
import { shareCircuitBreaker } from "./reliability/shared-circuit-breaker.js";
import { shareProviderStats } from "./reliability/shared-provider-stats.js";
/**
 * Connects to Redis (commands fail at once while it is away; it reconnects by itself) and wraps the process's
 * circuit breaker and live statistics so they are shared. Loaded only when `SOVEREIGN_REDIS_URL` is set.
 */
export function openRedisState(options) {
    const client = createRedisClient(options.url, { onError: options.onError('Redis is unreachable; caches and shared circuits fall back to this process') });
    const stats = shareProviderStats(options.localStats, client);
    return {
        client,
        location: redactRedisUrl(options.url),
        cacheStore: createRedisCacheStore(client),
        health: shareCircuitBreaker(options.localHealth, client, { coolDownMs: options.coolDownMs, onError: options.onError('shared circuit update failed') }),
        stats,
        onKeyChange: (onChange) => client.subscribe('keys', onChange),
        announceKeyChange: (keyId) => void client.publish('keys', { id: keyId }),
        rateLimiter(journal, local, policy) {
            // Logged once per ten seconds of outage, not once per request.
            let lastLogged = 0;
            const report = options.onError(policy === 'closed' ? 'Redis is unreachable; rate-limited requests are refused until it returns' : 'Redis is unreachable; rate limits are counted per process until it returns');
            return withRedisOutagePolicy(createRedisRateLimiter({ client, journal }), local, policy, (error) => {
                if (Date.now() - lastLogged < 10_000)
                    return;
                lastLogged = Date.now();
                report(error);
            });
        },
        status: () => client.status(),
        async close() {
            stats.close();
            await client.close();
        },
    };
}
//# sourceMappingURL=open-redis-state.js.map