import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScopeEntries } from './scope-entries.ts';

describe('ScopeEntries', () => {
  it('behaves like a map from key to (vector, signature, expiry) under any sequence of adds and deletes', () => {
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), key: fc.integer({ min: 0, max: 20 }), value: fc.integer({ min: 0, max: 0xffffffff }) }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 20 }) }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 80 }), (operations) => {
        const entries = new ScopeEntries();
        const model = new Map<string, number>();
        for (const step of operations) {
          const key = `k${step.key}`;
          if (step.kind === 'add') {
            entries.add(key, Float32Array.of(step.value), [step.value, step.value ^ 1], step.value);
            model.set(key, step.value);
          } else {
            expect(entries.delete(key)).toBe(model.delete(key));
          }
        }
        expect(entries.size).toBe(model.size);
        entries.keys.forEach((key, position) => {
          const value = model.get(key)!;
          expect(entries.vectors[position]![0]).toBe(Math.fround(value));
          expect([entries.signatures[2 * position], entries.signatures[2 * position + 1]]).toEqual([value >>> 0, (value ^ 1) >>> 0]);
          expect(entries.expiries[position]).toBe(value);
        });
      }),
    );
  });
});
