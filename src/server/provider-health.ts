import { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions } from './reliability/circuit-breaker.ts';

/**
 * The health view of every provider that the route stage reads (`isHealthy`, `state`, `routingHealth`) and
 * dispatch feeds: a circuit breaker per provider (consecutive failures or error rate open it, half-open probes
 * close it). Kept under this name so the route stage and the gateway's wiring need not change.
 */
export type ProviderHealth = CircuitBreaker;

export type ProviderHealthOptions = CircuitBreakerOptions;

/** Creates the per-provider circuit breakers; without options, the defaults of `CircuitBreakerOptions`. */
export function createProviderHealth(options: ProviderHealthOptions = {}): ProviderHealth {
  return createCircuitBreaker(options);
}
