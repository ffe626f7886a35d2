import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateWords, hexId, splitIntoFragments, splitIntoWordChunks, wordsToChunks } from './text-generator.ts';

describe('text generator', () => {
  it('gives the same words for the same key and different words for another key', () => {
    expect(generateWords('7|model|123', 30)).toEqual(generateWords('7|model|123', 30));
    expect(generateWords('7|model|123', 30)).not.toEqual(generateWords('8|model|123', 30));
  });

  it('writes sentences: a capital first word and a full stop at the end', () => {
    const words = generateWords('key', 40);
    expect(words).toHaveLength(40);
    expect(words[0]).toMatch(/^[A-Z]/);
    expect(words.at(-1)).toMatch(/\.$/);
    expect(words.every((word) => /^[A-Za-z]+\.?$/.test(word))).toBe(true);
  });

  it('makes chunks that concatenate back to the text', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 60 }), (key, count) => {
        const words = generateWords(key, count);
        expect(wordsToChunks(words).join('')).toBe(words.join(' '));
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(splitIntoWordChunks(text).join('')).toBe(text);
      }),
    );
  });

  it('splits into fragments without breaking surrogate pairs', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 10 }), (text, size) => {
        const fragments = splitIntoFragments(text, size);
        expect(fragments.join('')).toBe(text);
        expect(fragments.every((fragment) => !/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(fragment))).toBe(true);
      }),
    );
  });

  it('derives hex ids of the asked length', () => {
    expect(hexId('a', 24)).toMatch(/^[0-9a-f]{24}$/);
    expect(hexId('a')).toBe(hexId('a'));
    expect(hexId('a')).not.toBe(hexId('b'));
  });
});
