/**
 * A minimal health view per provider: after a retryable failure the provider is skipped for a cool-down period
 * unless nothing else is left. The sovereignty issue replaces this with a full circuit breaker.
 */
export interface ProviderHealth {
  isHealthy(providerId: string, now?: number): boolean;
  recordSuccess(providerId: string): void;
  recordFailure(providerId: string, now?: number): void;
}

export function createProviderHealth(options: { coolDownMs?: number; failuresToOpen?: number } = {}): ProviderHealth {
  const coolDownMs = options.coolDownMs ?? 5_000;
  const failuresToOpen = options.failuresToOpen ?? 3;
  const state = new Map<string, { failures: number; openUntil: number }>();
  return {
    isHealthy(providerId, now = Date.now()) {
      const entry = state.get(providerId);
      return !entry || entry.openUntil <= now;
    },
    recordSuccess(providerId) {
      state.delete(providerId);
    },
    recordFailure(providerId, now = Date.now()) {
      const entry = state.get(providerId) ?? { failures: 0, openUntil: 0 };
      entry.failures++;
      if (entry.failures >= failuresToOpen) entry.openUntil = now + coolDownMs;
      state.set(providerId, entry);
    },
  };
}
