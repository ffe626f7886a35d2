import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchGlob } from './match-glob.ts';

function viaRegExp(pattern: string, text: string): boolean {
  const source = pattern.split('*').map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`, 's').test(text);
}

/** `text` as a string whose character reads (`text[i]`) are counted, to measure the matcher's work. */
function countingReads(text: string): { value: string; reads(): number } {
  let reads = 0;
  const value = new Proxy(new String(text), {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  }) as unknown as string;
  return { value, reads: () => reads };
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

  // Work is counted, not timed: every character the matcher reads from the text is one step.
  it('reads the text at most (pattern length + 1) times over on patterns that make backtracking regular expressions explode', () => {
    const pattern = `${'*a'.repeat(30)}b`;
    const text = countingReads('a'.repeat(5_000));
    expect(matchGlob(pattern, text.value)).toBe(false);
    expect(text.reads()).toBeGreaterThan(5_000);
    expect(text.reads()).toBeLessThanOrEqual((pattern.length + 1) * 5_000);
  });

  it('reads each character of the text once when no star has to be retried', () => {
    const text = countingReads(`gpt-4o-${'x'.repeat(1_000)}`);
    expect(matchGlob('gpt-4o-*', text.value)).toBe(true);
    expect(text.reads()).toBeLessThanOrEqual(text.value.length);
  });
});
