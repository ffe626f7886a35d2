import { describe, expect, it } from 'vitest';
import { createLatencyWindow } from './latency-window.ts';

describe('createLatencyWindow', () => {
  it('gives the quantile of the most recent samples, and nothing before the minimum', () => {
    const window = createLatencyWindow({ size: 20, minimumSamples: 5 });
    for (let sample = 1; sample <= 4; sample++) window.record('p', sample);
    expect(window.quantile('p', 0.95)).toBeUndefined();
    for (let sample = 5; sample <= 100; sample++) window.record('p', sample);
    // The last 20 samples are 81..100.
    expect(window.quantile('p', 0.95)).toBe(99);
    expect(window.quantile('p', 0)).toBe(81);
    expect(window.quantile('other', 0.5)).toBeUndefined();
  });
});
