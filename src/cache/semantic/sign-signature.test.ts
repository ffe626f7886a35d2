import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dotProduct, normaliseVector } from '../embedders/embedder.ts';
import { maxDifferingBits, popcount, signSignature } from './sign-signature.ts';

const differingBits = (left: Float32Array, right: Float32Array): number => {
  const [a0, a1] = signSignature(left);
  const [b0, b1] = signSignature(right);
  return popcount(a0 ^ b0) + popcount(a1 ^ b1);
};

describe('sign signatures', () => {
  it('popcount counts set bits', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (value) => {
      expect(popcount(value | 0)).toBe(value.toString(2).split('').filter((digit) => digit === '1').length);
    }));
  });

  it('are deterministic, and never rule out a pair above the threshold in these trials', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: 32, maxLength: 32 }), fc.array(fc.float({ min: Math.fround(-0.05), max: Math.fround(0.05), noNaN: true }), { minLength: 32, maxLength: 32 }), (base, noise) => {
        const left = normaliseVector(Float32Array.from(base));
        fc.pre(dotProduct(left, left) > 0.5);
        const right = normaliseVector(Float32Array.from(base.map((value, index) => value + noise[index]!)));
        expect(signSignature(left)).toEqual(signSignature(Float32Array.from(left)));
        const similarity = dotProduct(left, right);
        if (similarity >= 0.98) expect(differingBits(left, right)).toBeLessThanOrEqual(maxDifferingBits(0.98));
      }),
      { numRuns: 300 },
    );
  });

  it('allow more differing bits at lower thresholds, all 64 at -1', () => {
    expect(maxDifferingBits(1)).toBe(2);
    expect(maxDifferingBits(0.98)).toBeLessThan(maxDifferingBits(0.8));
    expect(maxDifferingBits(-1)).toBe(64);
  });
});
