import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { RateCost, RateLimiter, RateSubject } from './rate-limiter.ts';

export interface MemoryRateLimiterOptions {
  /** Clock in ms (tests inject one). */
  now?: () => number;
  /** Window length (ms); limits are "per window". Default one minute. */
  windowMs?: number;
}

type Dimension = 'requests' | 'tokens';
const dimensions: readonly Dimension[] = ['requests', 'tokens'];

function limitOf(subject: RateSubject, dimension: Dimension): number | undefined {
  return dimension === 'requests' ? subject.limits.requestsPerMinute : subject.limits.tokensPerMinute;
}

/**
 * The generic cell rate algorithm (GCRA), in memory: per subject and dimension one number, the theoretical
 * arrival time (TAT). A limit of L per window W spaces units T = W / L apart and tolerates a burst of a whole
 * window, so it behaves like a sliding window of W with no bucket refill timers: O(1) per call. Tokens push the
 * TAT by their count; a consumption above the limit puts the subject in debt and later requests wait it out.
 * Idle entries are swept once per window (amortised O(1)).
 * @see https://en.wikipedia.org/wiki/Generic_cell_rate_algorithm
 * @see https://brandur.org/rate-limiting
 */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions = {}): RateLimiter & { readonly size: number } {
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? 60_000;
  const arrival = new Map<string, number>();
  let lastSweep = now();

  function sweep(time: number): void {
    if (time - lastSweep < windowMs) return;
    lastSweep = time;
    for (const [id, tat] of arrival) if (tat <= time) arrival.delete(id);
  }

  function charge(subjects: readonly RateSubject[], cost: Partial<RateCost>, time: number): void {
    for (const subject of subjects) {
      for (const dimension of dimensions) {
        const limit = limitOf(subject, dimension);
        const units = cost[dimension] ?? 0;
        if (limit === undefined || units === 0) continue;
        const id = `${subject.scope}:${subject.id}:${dimension}`;
        const tat = Math.max(arrival.get(id) ?? time, time) + (units * windowMs) / limit;
        if (tat <= time) arrival.delete(id);
        else arrival.set(id, tat);
      }
    }
  }

  return {
    async check(subjects, cost) {
      const time = now();
      sweep(time);
      let waitMs = 0;
      let refusal: { subject: RateSubject; dimension: Dimension; limit: number } | undefined;
      for (const subject of subjects) {
        for (const dimension of dimensions) {
          const limit = limitOf(subject, dimension);
          if (limit === undefined) continue;
          const units = cost[dimension];
          if (units > limit) {
            throw new GatewayError('rate_limited', {
              message: `The request needs ${units} ${dimension} but the ${subject.scope}'s limit is ${limit} ${dimension} per minute.`,
              retryable: false,
            });
          }
          const tat = Math.max(arrival.get(`${subject.scope}:${subject.id}:${dimension}`) ?? time, time) + (units * windowMs) / limit;
          const excess = tat - time - windowMs;
          if (excess > 1e-6 && excess > waitMs) {
            waitMs = excess;
            refusal = { subject, dimension, limit };
          }
        }
      }
      if (refusal) {
        const { subject, dimension, limit } = refusal;
        throw new GatewayError('rate_limited', {
          message: `Rate limit reached for ${subject.scope} ${subject.id}: ${limit} ${dimension} per minute.`,
          retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
        });
      }
      charge(subjects, cost, time);
    },
    consume(subjects, cost) {
      charge(subjects, cost, now());
    },
    get size() {
      return arrival.size;
    },
  };
}
