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
  /** Bodies checked on every run before the generated ones (counterexamples found earlier). */
  examples?: Array<Record<string, unknown>>;
  /** Further key-order checks of an output (nested objects the schema copies). */
  sameKeyOrder?: (got: Output, want: Output) => void;
}

/**
 * Asserts that whenever the shortcut answers, the schema accepts the same body and returns the same value, keys in
 * the same order (top level and each message). Each generated body is checked twice: as the gateway sees it, after
 * a JSON round trip (no undefined members), compared strictly; and as generated, compared as JSON, since zod copies
 * an undefined member that a shortcut may leave out (the same once serialised). Both are also compared as JSON text.
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
        // Serialised, the two must be the same text (values and key order). Compared as objects too where they share
        // their values: after a JSON round trip, a body key named `constructor` would be two equal but distinct
        // objects, which toStrictEqual takes for two different classes.
        expect(JSON.stringify(fast)).toBe(JSON.stringify(schema.data));
        const [got, want] = parsed ? [fast, schema.data!] : [asJson(fast), asJson(schema.data!)];
        if (parsed) expect(got).toStrictEqual(want);
        expect(Object.keys(got)).toEqual(Object.keys(want));
        got.messages.forEach((item, index) => expect(Object.keys(item)).toEqual(Object.keys(want.messages[index]!)));
        agreement.sameKeyOrder?.(got, want);
      }
    }),
    { numRuns: agreement.runs, examples: (agreement.examples ?? []).map((example) => [example]) },
  );
  expect(taken).toBeGreaterThan(agreement.minimumTaken);
}
