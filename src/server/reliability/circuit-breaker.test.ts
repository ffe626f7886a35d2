import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, type CircuitState } from './circuit-breaker.ts';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (milliseconds: number) => void (now += milliseconds) };
}

describe('createCircuitBreaker', () => {
  it('opens after N consecutive failures; a success in between resets the count', () => {
    const time = clock();
    const breaker = createCircuitBreaker({ consecutiveFailures: 3, now: time.now });
    breaker.recordFailure('p');
    breaker.recordFailure('p');
    breaker.recordSuccess('p');
    breaker.recordFailure('p');
    breaker.recordFailure('p');
    expect(breaker.state('p')).toBe('closed');
    breaker.recordFailure('p');
    expect(breaker.state('p')).toBe('open');
    expect(breaker.isHealthy('p')).toBe(false);
    expect(breaker.tryAcquire('p')).toBe(false);
    expect(breaker.routingHealth('p')).toBe('open');
    expect(breaker.state('other')).toBe('closed');
  });

  it('opens on the error rate over the window once it holds enough calls, and forgets calls older than the window', () => {
    const time = clock();
    const breaker = createCircuitBreaker({ consecutiveFailures: 100, errorRate: 0.5, windowMs: 10_000, minimumCalls: 10, now: time.now });
    // Alternating: never two failures in a row, half of the calls failed.
    for (let index = 0; index < 4; index++) {
      breaker.recordSuccess('p');
      breaker.recordFailure('p');
    }
    expect(breaker.state('p')).toBe('closed');
    time.advance(11_000);
    for (let index = 0; index < 4; index++) {
      breaker.recordSuccess('p');
      breaker.recordFailure('p');
    }
    // The first eight calls left the window: eight calls is below the minimum.
    expect(breaker.state('p')).toBe('closed');
    breaker.recordSuccess('p');
    breaker.recordFailure('p');
    expect(breaker.state('p')).toBe('open');
  });

  it('half-opens after the cool-down, admits a limited number of probes, and closes on a probe success', () => {
    const time = clock();
    const transitions: Array<[CircuitState, CircuitState]> = [];
    const breaker = createCircuitBreaker({
      consecutiveFailures: 1,
      coolDownMs: 5_000,
      halfOpenProbes: 2,
      now: time.now,
      onStateChange: (_provider, from, to) => transitions.push([from, to]),
    });
    breaker.recordFailure('p');
    time.advance(4_999);
    expect(breaker.state('p')).toBe('open');
    time.advance(1);
    expect(breaker.state('p')).toBe('half-open');
    expect(breaker.routingHealth('p')).toBe('half-open');
    expect(breaker.tryAcquire('p')).toBe(true);
    expect(breaker.tryAcquire('p')).toBe(true);
    expect(breaker.tryAcquire('p')).toBe(false);
    expect(breaker.isHealthy('p')).toBe(false);
    expect(breaker.routingHealth('p')).toBe('open');
    breaker.release('p');
    expect(breaker.tryAcquire('p')).toBe(true);
    breaker.recordSuccess('p');
    expect(breaker.state('p')).toBe('closed');
    expect(transitions).toEqual([
      ['closed', 'open'],
      ['open', 'half-open'],
      ['half-open', 'closed'],
    ]);
  });

  it('reopens when a probe fails, for a fresh cool-down', () => {
    const time = clock();
    const breaker = createCircuitBreaker({ consecutiveFailures: 1, coolDownMs: 1_000, now: time.now });
    breaker.recordFailure('p');
    time.advance(1_000);
    expect(breaker.tryAcquire('p')).toBe(true);
    breaker.recordFailure('p');
    expect(breaker.state('p')).toBe('open');
    time.advance(999);
    expect(breaker.state('p')).toBe('open');
    time.advance(1);
    expect(breaker.state('p')).toBe('half-open');
  });

  it('reports every circuit for metrics', () => {
    const time = clock();
    const breaker = createCircuitBreaker({ consecutiveFailures: 2, now: time.now });
    breaker.recordSuccess('a');
    breaker.recordFailure('b');
    breaker.recordFailure('b');
    expect(breaker.snapshot()).toEqual([
      { providerId: 'a', state: 'closed', consecutiveFailures: 0, windowCalls: 1, windowFailures: 0, openedAt: 0, probes: 0 },
      { providerId: 'b', state: 'open', consecutiveFailures: 2, windowCalls: 2, windowFailures: 2, openedAt: time.now(), probes: 0 },
    ]);
  });
});
