import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [true, null, 'x'], c: { z: 0, y: -0 } }, '{"a":[true,null,"x"],"b":1,"c":{"y":0,"z":0}}'],
    [{ skipped: undefined, kept: 1 }, '{"kept":1}'],
    [[1e21, 0.1, 1.5e-7], '[1e+21,0.1,1.5e-7]'],
    [{ '\u00e9': 1, e: 2, E: 3 }, '{"E":3,"e":2,"\u00e9":1}'],
    ['line\nbreak "quoted"', '"line\\nbreak \\"quoted\\""'],
  ])('serialises %j as %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [10n], [new Date(0)], [() => 1]])('refuses %s', (value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it('does not depend on key order and round-trips through JSON.parse', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        const reversed = JSON.parse(JSON.stringify(value, (_key, member: unknown) =>
          member && typeof member === 'object' && !Array.isArray(member) ? Object.fromEntries(Object.entries(member).reverse()) : member,
        )) as unknown;
        expect(canonicalJson(reversed)).toBe(text);
      }),
    );
  });
});
