import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { AttemptSchedule } from './attempt-schedule.ts';
import { defaultRetryPolicy } from './retry-policy.ts';

const transient = new GatewayError('upstream_connection');
const policy = { ...defaultRetryPolicy, maxAttemptsPerCandidate: 2, maxAttempts: 4, baseDelayMs: 100 };

describe('AttemptSchedule', () => {
  it('falls back to the next candidate at once, then retries the failed ones after their backoff', () => {
    const schedule = new AttemptSchedule(3, policy, () => 0.5);
    const order: number[] = [];
    for (let now = 1_000; ; now += 10) {
      const index = schedule.next();
      if (index < 0) break;
      order.push(index);
      expect(schedule.readyAt(index) <= now + 200).toBe(true);
      schedule.started(index);
      schedule.failed(index, `p${index}`, transient, now);
    }
    // Three first calls, then one retry: the overall maximum of four.
    expect(order).toEqual([0, 1, 2, 0]);
    expect(schedule.attemptsMade).toBe(4);
    expect(schedule.failures.map((failure) => failure.providerId)).toEqual(['p0', 'p1', 'p2', 'p0']);
  });

  it('takes a candidate out when it must not be retried, and skips open circuits', () => {
    const schedule = new AttemptSchedule(2, policy, () => 0.5);
    schedule.started(0);
    schedule.failed(0, 'p0', new GatewayError('upstream_timeout'), 0);
    expect(schedule.next()).toBe(1);
    schedule.skip(1, 'p1');
    expect(schedule.next()).toBe(-1);
    expect(schedule.skipped).toEqual(['p1']);
  });
});
