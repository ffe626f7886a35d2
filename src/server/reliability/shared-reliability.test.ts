import { afterAll, describe, expect, it } from 'vitest';
import { redisAvailability, useRedisServer } from '../../../test/helpers/real-engines.ts';
import { createProviderStats } from '../../core/router/provider-stats.ts';
import { createRedisClient, type RedisClient } from '../../store/redis/redis-client.ts';
import { createCircuitBreaker } from './circuit-breaker.ts';
import { shareCircuitBreaker } from './shared-circuit-breaker.ts';
import { shareProviderStats } from './shared-provider-stats.ts';

async function until(check: () => boolean, timeoutMs = 5_000): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
}

describe.skipIf(redisAvailability().skip)('circuit breakers and live statistics shared through Redis', () => {
  const server = useRedisServer();
  const clients: RedisClient[] = [];
  const connect = async () => {
    const client = createRedisClient(server().url);
    clients.push(client);
    await until(() => client.ready);
    // Let the subscriber connection subscribe before anything is published.
    await new Promise((resolve) => setTimeout(resolve, 100));
    return client;
  };
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
  });
  const options = { consecutiveFailures: 3, coolDownMs: 800 };
  const instance = async () => shareCircuitBreaker(createCircuitBreaker(options), await connect(), { coolDownMs: options.coolDownMs });

  it('a circuit opened by one instance is open on the others and on one started later, and closes for all', async () => {
    const [a, b, c] = [await instance(), await instance(), await instance()];
    expect(b.routingHealth('flaky')).toBe('healthy');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(a.tryAcquire('flaky')).toBe(true);
      a.recordFailure('flaky');
    }
    expect(a.routingHealth('flaky')).toBe('open');
    const seen = await until(() => b.routingHealth('flaky') === 'open' && c.routingHealth('flaky') === 'open', 1_000);
    expect(seen).toBeLessThan(1_000);
    expect(b.tryAcquire('flaky')).toBe(false);
    expect(b.isHealthy('flaky')).toBe(false);
    expect(b.snapshot()).toEqual([expect.objectContaining({ providerId: 'flaky', state: 'open' })]);
    expect(b.routingHealth('steady')).toBe('healthy');
    const late = await instance();
    await until(() => late.routingHealth('flaky') === 'open', 1_000);

    // The cool-down ends; a probe on A succeeds and closes the circuit for everyone.
    await until(() => a.routingHealth('flaky') === 'half-open', 2_000);
    expect(a.tryAcquire('flaky')).toBe(true);
    a.recordSuccess('flaky');
    await until(() => b.remoteOpen().size === 0 && late.remoteOpen().size === 0, 1_000);
    expect(b.routingHealth('flaky')).toBe('healthy');
  });

  it('another instance holds a circuit open only for the cool-down', async () => {
    const [a, b] = [await instance(), await instance()];
    for (let attempt = 0; attempt < 3; attempt += 1) a.recordFailure('brief');
    await until(() => b.routingHealth('brief') === 'open', 1_000);
    await until(() => b.routingHealth('brief') === 'healthy', 2_000);
    expect(b.tryAcquire('brief')).toBe(true);
  });

  it('every instance averages the whole fleet\'s observations', async () => {
    const [localA, localB] = [createProviderStats(), createProviderStats()];
    const a = shareProviderStats(localA, await connect(), { intervalMs: 20 });
    const b = shareProviderStats(localB, await connect(), { intervalMs: 20 });
    try {
      for (let index = 0; index < 10; index += 1) a.observe('sim', { ok: true, ttftMs: 100, tokensPerSecond: 50 });
      b.observe('sim', { ok: false });
      await until(() => b.record('sim').latencySamples === 10 && a.record('sim').samples === 11, 2_000);
      expect(b.record('sim').ttftMs).toBeCloseTo(100);
      expect(b.record('sim').tokensPerSecond).toBeCloseTo(50);
      expect(a.record('sim').errorRate).toBeGreaterThan(0);
    } finally {
      a.close();
      b.close();
    }
  });
});
