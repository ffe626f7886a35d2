import type { CacheStore } from '../cache/cache-store.ts';
import type { ProviderStats } from '../core/router/provider-stats.ts';
import { createRedisCacheStore } from '../store/redis/redis-cache-store.ts';
import { createRedisClient, redactRedisUrl, type RedisClient } from '../store/redis/redis-client.ts';
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
    status: () => client.status(),
    async close() {
      stats.close();
      await client.close();
    },
  };
}
