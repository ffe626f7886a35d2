import fc from 'fast-check';
import { expect } from 'vitest';
import type { z } from 'zod';

/** Test support: the property every plain-body shortcut must hold against its dialect's schema. */
export interface ShortcutAgreement<Output extends { messages: object[] }> {
  /** The shortcut: the schema's output, or undefined for a body it leaves to the schema. */
  shortcut(body: Record<string, unknown>): Output | undefined;
  schema: z.ZodType<Output>;
  /** Generated bodies, mostly of the shapes the shortcut takes. */
  bodies: fc.Arbitrary<Record<string, unknown>>;
  runs: number;
  /** Of the two candidates per run, at least this many must reach the shortcut for the comparison to mean something. */
  minimumTaken: number;
  /** Further key-order checks of an output (nested objects the schema copies). */
  sameKeyOrder?: (got: Output, want: Output) => void;
}

/**
 * Asserts that whenever the shortcut answers, the schema accepts the same body and returns the same value, keys in
 * the same order (top level and each message). Each generated body is checked twice: as the gateway sees it, after
 * a JSON round trip (no undefined members), compared strictly; and as generated, compared as JSON, since zod copies
 * an undefined member that a shortcut may leave out (the same once serialised).
 */
export function expectShortcutAgreesWithSchema<Output extends { messages: object[] }>(agreement: ShortcutAgreement<Output>): void {
  const asJson = <Value,>(value: Value): Value => JSON.parse(JSON.stringify(value)) as Value;
  let taken = 0;
  fc.assert(
    fc.property(agreement.bodies, (generated) => {
      const candidates: Array<[Record<string, unknown>, boolean]> = [
        [generated, false],
        [asJson(generated), true],
      ];
      for (const [candidate, parsed] of candidates) {
        const fast = agreement.shortcut(candidate);
        if (fast === undefined) continue;
        taken++;
        const schema = agreement.schema.safeParse(candidate);
        expect(schema.success).toBe(true);
        const [got, want] = parsed ? [fast, schema.data!] : [asJson(fast), asJson(schema.data!)];
        expect(got).toStrictEqual(want);
        expect(Object.keys(got)).toEqual(Object.keys(want));
        got.messages.forEach((item, index) => expect(Object.keys(item)).toEqual(Object.keys(want.messages[index]!)));
        agreement.sameKeyOrder?.(got, want);
      }
    }),
    { numRuns: agreement.runs },
  );
  expect(taken).toBeGreaterThan(agreement.minimumTaken);
}
