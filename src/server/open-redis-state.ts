import type { CacheStore } from '../cache/cache-store.ts';
import type { ProviderStats } from '../core/router/provider-stats.ts';
import { createRedisCacheStore } from '../store/redis/redis-cache-store.ts';
import { createRedisClient, redactRedisUrl, type RedisClient } from '../store/redis/redis-client.ts';
import type { RateLimiter } from '../security/rate-limit/rate-limiter.ts';
import { createRedisRateLimiter } from '../security/rate-limit/redis-rate-limiter.ts';
import { withRedisOutagePolicy, type LimitsOnOutage } from '../security/rate-limit/redis-outage-rate-limiter.ts';
import type { SpendJournal } from '../store/spend-journal.ts';
import type { ComponentStatus } from './open-stores.ts';
import type { CircuitBreaker } from './reliability/circuit-breaker.ts';
import { shareCircuitBreaker } from './reliability/shared-circuit-breaker.ts';
import { shareProviderStats } from './reliability/shared-provider-stats.ts';

/** What the gateway shares through Redis, each part falling back to this process's own state while it is away. */
export interface RedisState {
  client: RedisClient;
  /** The URL, password hidden. */
  location: string;
  cacheStore: CacheStore;
  health: CircuitBreaker;
  stats: ProviderStats;
  /** Calls `onChange` when another instance changed a key; `announce` tells the others this one did. */
  onKeyChange(onChange: () => void): void;
  announceKeyChange(keyId: string): void;
  /**
   * Rate limits shared by every instance (one Lua script per check and reservation), writing token holds to
   * `journal`; while Redis is away, `policy` decides: refuse (`closed`) or admit against `local`.
   */
  rateLimiter(journal: SpendJournal, local: RateLimiter, policy: LimitsOnOutage): RateLimiter;
  status(): ComponentStatus;
  close(): Promise<void>;
}

/**
 * Connects to Redis (commands fail at once while it is away; it reconnects by itself) and wraps the process's
 * circuit breaker and live statistics so they are shared. Loaded only when `SOVEREIGN_REDIS_URL` is set.
 */
export function openRedisState(options: {
  url: string;
  localHealth: CircuitBreaker;
  localStats: ProviderStats;
  coolDownMs: number;
  onError: (what: string) => (error: unknown) => void;
}): RedisState {
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
      const report = options.onError(
        policy === 'closed' ? 'Redis is unreachable; rate-limited requests are refused until it returns' : 'Redis is unreachable; rate limits are counted per process until it returns',
      );
      return withRedisOutagePolicy(createRedisRateLimiter({ client, journal }), local, policy, (error) => {
        if (Date.now() - lastLogged < 10_000) return;
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
