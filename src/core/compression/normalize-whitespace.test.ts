import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeWhitespace } from './normalize-whitespace.ts';

const withoutWhitespace = (text: string): string => text.replace(/\s+/g, '');
const textWithBlanks = fc
  .array(fc.oneof(fc.constantFrom('\n', '\n\n\n', ' ', '  \n', '\t', '\r\n', '```', '~~~', '```js\n', 'x', 'word', '  - item'), fc.string({ maxLength: 8 })), { maxLength: 40 })
  .map((pieces) => pieces.join(''));

describe('normalizeWhitespace', () => {
  it.each([
    ['trailing spaces', 'a  \nb\t\nc', 'a\nb\nc'],
    ['CRLF line ends', 'a\r\nb\r\n', 'a\nb\n'],
    ['two blank lines become one', 'a\n\n\nb', 'a\n\nb'],
    ['whitespace-only lines count as blank', 'a\n  \n\t\n \nb', 'a\n\nb'],
    ['one blank line is kept', 'a\n\nb', 'a\n\nb'],
    ['a final newline is not a blank line', 'a\n', 'a\n'],
    ['blank lines at the end collapse to one', 'a\n\n\n\n', 'a\n\n'],
    ['indentation is kept', '  - a  \n    - b', '  - a\n    - b'],
    ['fenced code is byte for byte', 'x  \n```py\ndef f():  \n\n\n    return 1 \n```\ny  ', 'x\n```py\ndef f():  \n\n\n    return 1 \n```\ny'],
    ['tilde fences too', '~~~\na  \n\n\n~~~\n\n\nb', '~~~\na  \n\n\n~~~\n\nb'],
    ['an unclosed fence runs to the end', '```\na  \n\n\n', '```\na  \n\n\n'],
  ])('%s', (_name, input, expected) => {
    expect(normalizeWhitespace(input)).toBe(expected);
  });

  it('returns the same string when there is nothing to change', () => {
    const text = '# Policy\n\n- rule one\n- rule two\n';
    expect(normalizeWhitespace(text)).toBe(text);
  });

  it('changes only whitespace, never lengthens, and is idempotent', () => {
    fc.assert(
      fc.property(textWithBlanks, (text) => {
        const normalized = normalizeWhitespace(text);
        expect(withoutWhitespace(normalized)).toBe(withoutWhitespace(text));
        expect(normalized.length).toBeLessThanOrEqual(text.length);
        expect(normalizeWhitespace(normalized)).toBe(normalized);
      }),
    );
  });

  it('leaves no trailing blanks and no blank-line runs outside fences', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('\n', ' ', '\t', '\r'), fc.stringMatching(/^[a-z]{1,5}$/)), { maxLength: 40 }), (pieces) => {
        const normalized = normalizeWhitespace(pieces.join(''));
        expect(normalized).not.toMatch(/[ \t\r]\n|[ \t\r]$/);
        expect(normalized).not.toMatch(/(?:^|\n)\n\n/);
      }),
    );
  });
});
