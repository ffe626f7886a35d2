import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchGlob } from './match-glob.ts';

function viaRegExp(pattern: string, text: string): boolean {
  const source = pattern.split('*').map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`, 's').test(text);
}

describe('matchGlob', () => {
  it.each([
    ['*', 'gpt-4o', true],
    ['*', '', true],
    ['gpt-4o', 'gpt-4o', true],
    ['gpt-4o', 'gpt-4o-mini', false],
    ['gpt-4o*', 'gpt-4o-mini', true],
    ['gpt-*-mini', 'gpt-4o-mini', true],
    ['gpt-*-mini', 'gpt-4o-mini-2024', false],
    ['*claude*', 'anthropic/claude-3', true],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'aXbYbZ', false],
    ['gpt.4', 'gpt-4', false],
  ])('%j against %j is %s', (pattern, text, expected) => {
    expect(matchGlob(pattern, text)).toBe(expected);
  });

  it('agrees with the equivalent regular expression', () => {
    const alphabet = fc.constantFrom('a', 'b', '-', '.', '*');
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', 'b', '-', '.'), maxLength: 12 }), (pattern, text) => {
        expect(matchGlob(pattern, text)).toBe(viaRegExp(pattern, text));
      }),
      { numRuns: 2_000 },
    );
  });

  it('stays fast on patterns that make backtracking regular expressions explode', () => {
    const started = performance.now();
    expect(matchGlob(`${'*a'.repeat(30)}b`, 'a'.repeat(5_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
