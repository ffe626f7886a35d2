import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FailureWindow } from './failure-window.ts';

describe('FailureWindow', () => {
  it('counts the calls of the last bucketCount buckets and forgets older ones', () => {
    const window = new FailureWindow(100, 3);
    window.count(0, true);
    window.count(150, false);
    window.count(250, true);
    expect(window.totals(299)).toEqual({ calls: 3, failures: 2 });
    // At 300 the window covers buckets 1-3: the call at 0 (bucket 0) is out.
    expect(window.totals(300)).toEqual({ calls: 2, failures: 1 });
    window.count(310, false);
    expect(window.totals(399)).toEqual({ calls: 3, failures: 1 });
    window.clear();
    expect(window.totals(399)).toEqual({ calls: 0, failures: 0 });
  });

  it('agrees with a list of every call (property)', () => {
    const calls = fc.array(fc.record({ gap: fc.integer({ min: 0, max: 250 }), failed: fc.boolean() }), { maxLength: 80 });
    fc.assert(
      fc.property(calls, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 120 }), (steps, bucketCount, bucketMs) => {
        const window = new FailureWindow(bucketMs, bucketCount);
        const all: Array<{ at: number; failed: boolean }> = [];
        let at = 0;
        for (const step of steps) {
          at += step.gap;
          window.count(at, step.failed);
          all.push({ at, failed: step.failed });
          const oldest = (Math.floor(at / bucketMs) - bucketCount + 1) * bucketMs;
          const inWindow = all.filter((call) => call.at >= oldest);
          expect(window.totals(at)).toEqual({ calls: inWindow.length, failures: inWindow.filter((call) => call.failed).length });
        }
      }),
    );
  });
});
