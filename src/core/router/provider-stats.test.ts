import { describe, expect, it } from 'vitest';
import { createProviderStats } from './provider-stats.ts';

describe('createProviderStats', () => {
  it('takes the first observation as is, then moves by alpha', () => {
    const stats = createProviderStats({ alpha: 0.5 });
    stats.observe('a', { ok: true, ttftMs: 100, tokensPerSecond: 50 });
    stats.observe('a', { ok: true, ttftMs: 200, tokensPerSecond: 100 });
    expect(stats.record('a')).toMatchObject({ ttftMs: 150, tokensPerSecond: 75, errorRate: 0, latencySamples: 2, samples: 2 });
  });

  it('counts failures in the error rate without moving the latency averages', () => {
    const stats = createProviderStats({ alpha: 0.5 });
    stats.observe('a', { ok: true, ttftMs: 100 });
    stats.observe('a', { ok: false, ttftMs: 5000 });
    expect(stats.record('a')).toMatchObject({ ttftMs: 100, errorRate: 0.5, latencySamples: 1, samples: 2 });
  });

  it('updates the live record in place and bumps the version', () => {
    const stats = createProviderStats();
    const live = stats.record('b');
    const before = stats.version;
    stats.observe('b', { ok: true, ttftMs: 42 });
    expect(live.ttftMs).toBe(42);
    expect(stats.version).toBe(before + 1);
    expect(stats.snapshot()).toEqual([expect.objectContaining({ providerId: 'b', ttftMs: 42 })]);
  });

  it('refuses an alpha outside (0, 1]', () => {
    expect(() => createProviderStats({ alpha: 0 })).toThrow(RangeError);
  });
});
