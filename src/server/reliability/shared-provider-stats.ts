import type { ProviderObservation, ProviderStats } from '../../core/router/provider-stats.ts';
import type { RedisClient } from '../../store/redis/redis-client.ts';

/** One observation on the wire: provider, time to first token, tokens per second, ok (1/0). */
type WireObservation = [string, number | null, number | null, 0 | 1];

export interface SharedProviderStats extends ProviderStats {
  close(): void;
}

/**
 * Live latency and error statistics shared by every instance, as a wrapper around this process's: each
 * observation is applied here at once (the router reads local figures, with no I/O) and published in batches
 * every `intervalMs`; observations other instances publish are applied here too, so every instance's averages
 * follow the whole fleet's traffic, not only its own share. Statistics are lossy by nature: while Redis is away
 * each instance keeps its own, and at most `maxBuffered` unsent observations are kept.
 */
export function shareProviderStats(local: ProviderStats, client: RedisClient, options: { intervalMs?: number; maxBuffered?: number } = {}): SharedProviderStats {
  const maxBuffered = options.maxBuffered ?? 10_000;
  let buffer: WireObservation[] = [];
  client.subscribe('provider-stats', (message) => {
    if (!Array.isArray(message)) return;
    for (const item of message as unknown[]) {
      if (!Array.isArray(item) || typeof item[0] !== 'string') continue;
      const [providerId, ttftMs, tokensPerSecond, ok] = item as WireObservation;
      local.observe(providerId, {
        ok: ok === 1,
        ...(typeof ttftMs === 'number' ? { ttftMs } : {}),
        ...(typeof tokensPerSecond === 'number' ? { tokensPerSecond } : {}),
      });
    }
  });
  const timer = setInterval(() => {
    if (buffer.length === 0 || !client.ready) return;
    const batch = buffer;
    buffer = [];
    void client.publish('provider-stats', batch);
  }, options.intervalMs ?? 250);
  timer.unref();
  return {
    observe(providerId: string, observation: ProviderObservation) {
      local.observe(providerId, observation);
      if (buffer.length >= maxBuffered) buffer.shift();
      buffer.push([providerId, observation.ttftMs ?? null, observation.tokensPerSecond ?? null, observation.ok ? 1 : 0]);
    },
    record: (providerId) => local.record(providerId),
    snapshot: () => local.snapshot(),
    get version() {
      return local.version;
    },
    close() {
      clearInterval(timer);
    },
  };
}
