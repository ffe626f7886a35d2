import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noPattern, PatternAutomaton, pendingPattern } from './pattern-automaton.ts';

/** Small alphabets make overlaps, shared prefixes and suffix chains common; a surrogate pair and a `[` are in. */
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'ab', '[', '\ud83d\ude00'), maxLength: 40 });
const patterns = fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '[', '\ud83d'), maxLength: 6 }), { maxLength: 12 });

/** Every (pattern, end) by `indexOf`, the reference. */
function naiveMatches(list: readonly string[], haystack: string): string[] {
  const found: string[] = [];
  list.forEach((pattern, index) => {
    if (pattern === '' || list.indexOf(pattern) !== index) return;
    for (let at = haystack.indexOf(pattern); at !== -1; at = haystack.indexOf(pattern, at + 1)) found.push(`${index}@${at + pattern.length}`);
  });
  return found.sort();
}

describe('PatternAutomaton', () => {
  it('finds every occurrence of every pattern, as indexOf does', () => {
    fc.assert(
      fc.property(patterns, text, (list, haystack) => {
        const automaton = new PatternAutomaton(list);
        const found: string[] = [];
        let lastEnd = 0;
        automaton.forEachMatch(haystack, (pattern, end) => {
          expect(end).toBeGreaterThanOrEqual(lastEnd);
          lastEnd = end;
          expect(haystack.slice(end - automaton.lengthOf(pattern), end)).toBe(list[pattern]);
          found.push(`${pattern}@${end}`);
        });
        expect(found.sort()).toEqual(naiveMatches(list, haystack));
        expect(automaton.occursIn(haystack)).toBe(list.some((pattern) => pattern !== '' && haystack.includes(pattern)));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the longest pattern at a position, or pending where the rest is a proper prefix of a longer one', () => {
    fc.assert(
      fc.property(patterns, text, fc.nat(), (list, haystack, offset) => {
        const automaton = new PatternAutomaton(list);
        const start = haystack.length === 0 ? 0 : offset % haystack.length;
        const rest = haystack.slice(start);
        const pending = list.some((pattern) => pattern.length > rest.length && pattern.startsWith(rest));
        const longest = list
          .filter((pattern) => pattern !== '' && haystack.startsWith(pattern, start))
          .sort((first, second) => second.length - first.length)[0];
        const expected = pending ? pendingPattern : longest === undefined ? noPattern : list.indexOf(longest);
        expect(automaton.longestAt(haystack, start, true)).toBe(expected);
        expect(automaton.longestAt(haystack, start)).toBe(longest === undefined ? noPattern : list.indexOf(longest));
      }),
      { numRuns: 500 },
    );
  });

  it('matches nothing without patterns, or with only empty ones', () => {
    expect(new PatternAutomaton([]).occursIn('abc')).toBe(false);
    expect(new PatternAutomaton(['']).longestAt('abc', 0)).toBe(noPattern);
    expect(new PatternAutomaton(['']).empty).toBe(true);
  });
});
