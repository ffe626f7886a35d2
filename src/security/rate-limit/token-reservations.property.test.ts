import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from './memory-rate-limiter.ts';
import type { RateReservation, RateSubject } from './rate-limiter.ts';

type Step =
  | { kind: 'wait'; ms: number }
  | { kind: 'reserve'; tokens: number; required: number | undefined }
  | { kind: 'settle'; index: number; actual: number }
  | { kind: 'release'; index: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 40_000 }) }),
  fc.record({ kind: fc.constant('reserve' as const), tokens: fc.integer({ min: 1, max: 600 }), required: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }) }),
  fc.record({ kind: fc.constant('settle' as const), index: fc.nat(), actual: fc.integer({ min: 0, max: 900 }) }),
  fc.record({ kind: fc.constant('release' as const), index: fc.nat() }),
);

/**
 * A model of tokens per minute: every admitted request is one entry (its hold while in flight, its actual use
 * once settled) counted in the second it was admitted, or, for use beyond the hold after that second left the
 * window, in the second it was settled. An entry counts while its second is among the last 60. A request is
 * admitted when what it needs fits, and holds its whole worst case when that fits, else what is left.
 */
describe('token reservations (property)', () => {
  it('never admits a request that would put the last minute over the limit, and never refuses one that fits', async () => {
    const limit = 1_000;
    const subjects: RateSubject[] = [{ scope: 'key', id: 'key_a', limits: { tokensPerMinute: limit } }];
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 80 }), async (steps) => {
        let time = 1_700_000_000_000;
        const limiter = createMemoryRateLimiter({ now: () => time });
        const second = (at: number) => Math.floor(at / 1_000);
        const entries: Array<{ second: number; tokens: number }> = [];
        const held: Array<{ reservation: RateReservation; entry: { second: number; tokens: number }; open: boolean }> = [];
        const inWindow = () => entries.filter((entry) => entry.second > second(time) - 60).reduce((sum, entry) => sum + entry.tokens, 0);
        for (const current of steps) {
          if (current.kind === 'wait') time += current.ms;
          else if (current.kind === 'reserve') {
            const required = Math.min(current.required ?? current.tokens, current.tokens);
            const left = limit - inWindow();
            const fits = required <= left;
            const cost = current.required === undefined ? { tokens: current.tokens } : { tokens: current.tokens, requiredTokens: current.required };
            const outcome = await limiter.reserve(subjects, cost).then(
              (reservation) => reservation,
              () => undefined,
            );
            expect(outcome !== undefined).toBe(fits);
            if (outcome) {
              const hold = current.tokens <= left ? current.tokens : left;
              expect(outcome.held.get('key:key_a')).toBe(hold);
              const entry = { second: second(time), tokens: hold };
              entries.push(entry);
              held.push({ reservation: outcome, entry, open: true });
              expect(inWindow()).toBeLessThanOrEqual(limit);
            }
          } else if (held.length > 0) {
            const target = held[current.index % held.length]!;
            const actual = current.kind === 'settle' ? current.actual : 0;
            if (current.kind === 'settle') limiter.settle(target.reservation, actual);
            else limiter.release(target.reservation);
            if (!target.open) continue;
            target.open = false;
            if (target.entry.second > second(time) - 60) target.entry.tokens = actual;
            else if (actual > target.entry.tokens) entries.push({ second: second(time), tokens: actual - target.entry.tokens });
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
