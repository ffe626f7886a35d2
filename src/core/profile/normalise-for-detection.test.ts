import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseForDetection } from './normalise-for-detection.ts';

describe('normaliseForDetection', () => {
  it('leaves printable ASCII alone (the fast path)', () => {
    expect(normaliseForDetection('Plain text, tabs\tand\nlines.')).toBeUndefined();
  });

  it.each([
    ['zero-width space, joiner, non-joiner, word joiner', 'a\u200Bb\u200Dc\u200Cd\u2060e', 'abcde'],
    ['byte order mark and soft hyphen', '\uFEFFse\u00ADcret', 'secret'],
    ['bidi controls and isolates', '\u202Eabc\u202C\u2066d\u2069', 'abcd'],
    ['variation selectors and tags', 'x\uFE0Fy\u{E0041}z\u{E0100}', 'xyz'],
    ['ASCII controls', 'a\u0000b\u0007c', 'abc'],
    ['no-break, narrow, ideographic and em spaces', 'a\u00A0b\u202Fc\u3000d\u2003e', 'a b c d e'],
    ['line and paragraph separators', 'a\u2028b\u2029c\u0085d', 'a\nb\nc\nd'],
    ['fullwidth letters, digits and signs', '\uFF33\uFF45\uFF43\uFF12\uFF10\uFF20\uFF0E\uFF0F', 'Sec20@./'],
    ['digits of other scripts', '\u0661\u0662\u0663 \u0967\u0968 \u{1D7D9}', '123 12 1'],
    ['Cyrillic and Greek look-alikes', '\u0405\u0415\u0421\u0420\u0415\u0422 \u039D\u039F', 'SECPET NO'],
    ['dashes and slashes', 'a\u2013b\u2014c\u2212d\u2215e\u2044f', 'a-b-c-d/e/f'],
    ['accents dropped', 'M\u00FCller \u00E9t\u00E9 Ca\u0301fe\u0301', 'Muller ete Cafe'],
    ['ligatures and circled letters', '\uFB01le \u24C8\u24BA', 'file SE'],
    ['other scripts kept', '\u7528\u6237 \uD55C\uAD6D\uC5B4', '\u7528\u6237 \uD55C\uAD6D\uC5B4'],
    ['typographic quotes kept', '\u2018it\u2019s\u2019 \u201Cquoted\u201D', '\u2018it\u2019s\u2019 \u201Cquoted\u201D'],
  ])('%s', (_label, text, expected) => {
    expect(normaliseForDetection(text)?.text ?? text).toBe(expected);
  });

  it('gives no view for text that reads as itself (other scripts, emoji, typographic quotes)', () => {
    expect(normaliseForDetection('\u7528\u6237 \uD55C\uAD6D\uC5B4 \u{1F600} \u2019')).toBeUndefined();
  });

  it('maps every span of the view back to the characters that produced it', () => {
    const text = 'x\u200BS\uFF25C\u00ADRET\uFB01 y';
    const view = normaliseForDetection(text)!;
    expect(view.text).toBe('xSECRETfi y');
    const secret = view.text.indexOf('SECRET');
    expect(view.source(secret, secret + 6)).toEqual({ start: 2, end: 9 });
    // Half of an expanded ligature maps to the whole ligature.
    expect(view.source(7, 8)).toEqual({ start: 9, end: 10 });
    expect(view.source(0, view.text.length)).toEqual({ start: 0, end: text.length });
  });

  it('maps any span into the original text, covering at least the characters it came from (property)', () => {
    const unit = fc.oneof(
      fc.constantFrom('a', 'S', '1', ' ', '\n', '@', '/', '\u200B', '\uFEFF', '\u00AD', '\u00A0', '\uFF33', '\uFF11', '\u0415', '\uFB01', '\u00E9', 'e\u0301', '\u{1D413}', '\u{1F600}', '\uD800', '\u7528'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), fc.nat(), fc.nat(), (pieces, first, second) => {
        const text = pieces.join('');
        const view = normaliseForDetection(text);
        if (view === undefined) {
          // No view: every character reads as itself.
          for (const character of text) expect(normaliseForDetection(character)).toBeUndefined();
          return;
        }
        if (view.text.length === 0) return;
        const start = first % view.text.length;
        const end = start + 1 + (second % (view.text.length - start));
        // Detectors' spans never split a surrogate pair (an astral character is one character to them).
        const low = (at: number) => at > 0 && at < view.text.length && /[\uDC00-\uDFFF]/.test(view.text[at]!) && /[\uD800-\uDBFF]/.test(view.text[at - 1]!);
        if (low(start) || low(end)) return;
        const span = view.source(start, end);
        expect(span.start).toBeGreaterThanOrEqual(0);
        expect(span.end).toBeLessThanOrEqual(text.length);
        expect(span.end).toBeGreaterThan(span.start);
        // Folding the source span alone yields the view's characters (the fold works character by character).
        expect(normaliseForDetection(text.slice(span.start, span.end))?.text ?? text.slice(span.start, span.end)).toContain(view.text.slice(start, end));
      }),
      { numRuns: 500 },
    );
  });
});
