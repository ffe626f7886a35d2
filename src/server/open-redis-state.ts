import type { CacheStore } from '../cache/cache-store.ts';
import type { ProviderStats } from '../core/router/provider-stats.ts';
import { createRedisCacheStore } from '../store/redis/redis-cache-store.ts';
import { createRedisClient, redactRedisUrl, type RedisClient } from '../store/redis/redis-client.ts';
import type { RateLimiter } from '../security/rate-limit/rate-limiter.ts';
import { createRedisRateLimiter } from '../security/rate-limit/redis-rate-limiter.ts';
import { withRedisOutagePolicy, type LimitsOnOutage } from '../security/rate-limit/redis-outage-rate-limiter.ts';
import type { SpendJournal } from '../store/spend-journal.ts';
import type { BudgetGuard } from '../security/budget/budget-guard.ts';
import type { BudgetLimits } from '../security/budget/budget-limits.ts';
import { createRedisBudgetGuard } from '../security/budget/redis-budget-guard.ts';
import { withBudgetOutagePolicy } from '../security/budget/redis-outage-budget-guard.ts';
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
  /**
   * Budgets shared by every instance (one Lua script per reservation), written ahead to `journal`; while Redis is
   * away, `policy` decides as for rate limits, with `local` as the allowance. Every `reapEveryMs` the holds of
   * instances that died (kill -9) are booked at their worst case, in Redis and in the database.
   */
  budgetGuard(journal: SpendJournal, local: BudgetGuard, policy: LimitsOnOutage, tenantBudgets: (tenant: string) => BudgetLimits | undefined): BudgetGuard;
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
  /** Longest a command may take (ms). Default 1,000. */
  commandTimeoutMs?: number;
  /** How often the holds of instances that died are looked for (ms). Default 10,000. */
  reapEveryMs?: number;
  onError: (what: string) => (error: unknown) => void;
}): RedisState {
  const client = createRedisClient(options.url, { ...(options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs }), onError: options.onError('Redis is unreachable; caches and shared circuits fall back to this process') });
  const stats = shareProviderStats(options.localStats, client);
  const timers: Array<ReturnType<typeof setInterval>> = [];
  /** Logs an outage once per ten seconds of it, not once per request. */
  const throttled = (report: (error: unknown) => void) => {
    let lastLogged = 0;
    return (error: unknown) => {
      if (Date.now() - lastLogged < 10_000) return;
      lastLogged = Date.now();
      report(error);
    };
  };
  return {
    client,
    location: redactRedisUrl(options.url),
    // The cache stage keeps answers up to 1 MiB of text; sealed (envelope, base64) such an answer takes about 1.4 MiB.
    cacheStore: createRedisCacheStore(client, { maxValueBytes: 4 * 1024 * 1024 }),
    health: shareCircuitBreaker(options.localHealth, client, { coolDownMs: options.coolDownMs, onError: options.onError('shared circuit update failed') }),
    stats,
    onKeyChange: (onChange) => client.subscribe('keys', onChange),
    announceKeyChange: (keyId) => void client.publish('keys', { id: keyId }),
    rateLimiter(journal, local, policy) {
      const report = options.onError(
        policy === 'closed' ? 'Redis is unreachable; rate-limited requests are refused until it returns' : 'Redis is unreachable; rate limits are counted per process until it returns',
      );
      return withRedisOutagePolicy(createRedisRateLimiter({ client, journal }), local, policy, throttled(report));
    },
    budgetGuard(journal, local, policy, tenantBudgets) {
      const shared = createRedisBudgetGuard({ client, journal, tenantBudgets });
      const reportReap = throttled(options.onError('booking the holds of stopped instances failed'));
      const timer = setInterval(() => {
        if (client.ready) shared.reap().catch(reportReap);
      }, options.reapEveryMs ?? 10_000);
      timer.unref?.();
      timers.push(timer);
      const report = options.onError(
        policy === 'closed' ? 'Redis is unreachable; requests with budgets are refused until it returns' : 'Redis is unreachable; budgets are counted per process until it returns',
      );
      return withBudgetOutagePolicy(shared, local, policy, throttled(report));
    },
    status: () => client.status(),
    async close() {
      for (const timer of timers) clearInterval(timer);
      stats.close();
      await client.close();
    },
  };
}
