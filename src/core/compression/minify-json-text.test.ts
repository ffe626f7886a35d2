import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minifyJsonText } from './minify-json-text.ts';

const container = fc.oneof(fc.array(fc.jsonValue({ maxDepth: 3 })), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })));
/** Python's `json.dumps` default separators, as tau-bench tool results use. */
const pythonStyle = (text: string): string => text.replace(/("(?:[^"\\]|\\.)*")|([,:])/g, (match, string: string | undefined, separator: string | undefined) => (string ?? `${separator} `));

describe('minifyJsonText', () => {
  it('gives back JSON that parses to the same value, for any indentation', () => {
    fc.assert(
      fc.property(container, fc.integer({ min: 0, max: 4 }), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const minified = minifyJsonText(text);
        expect(JSON.parse(minified)).toEqual(JSON.parse(text));
        expect(minified).toBe(JSON.stringify(value));
      }),
    );
  });

  it('removes Python-style separator spaces and nothing inside strings', () => {
    fc.assert(
      fc.property(container, (value) => {
        const text = pythonStyle(JSON.stringify(value));
        // Compared with the value as JSON can hold it (JSON has no -0: it is written as 0).
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(minifyJsonText(text)).toBe(JSON.stringify(value));
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), container.map((value) => JSON.stringify(value, null, 2))), (text) => {
        const once = minifyJsonText(text);
        expect(minifyJsonText(once)).toBe(once);
      }),
    );
  });

  it('leaves text that is not a JSON object or array untouched (the same string)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        let container = false;
        try {
          const parsed: unknown = JSON.parse(text);
          container = typeof parsed === 'object' && parsed !== null;
        } catch {
          container = false;
        }
        if (!container) expect(minifyJsonText(text)).toBe(text);
      }),
    );
  });

  it.each([
    ['255.0', '255.0'],
    ['"a  b"', '"a  b"'],
    ['{ not json }', '{ not json }'],
    ['[1, 2', '[1, 2'],
    ['Error: payment amount does not add up', 'Error: payment amount does not add up'],
    ['{"a": 1.0, "b": 12345678901234567890, "c": 1e5}', '{"a":1.0,"b":12345678901234567890,"c":1e5}'],
    ['{"s": "caf\\u00e9 \\" x", "t": "tab\\there  "}', '{"s":"caf\\u00e9 \\" x","t":"tab\\there  "}'],
    ['{"a": 1, "a": 2}', '{"a":1,"a":2}'],
    ['  \r\n[ {\n\t"k" : [ ] } ]\n', '[{"k":[]}]'],
  ])('%j → %j', (input, expected) => {
    expect(minifyJsonText(input)).toBe(expected);
  });

  it('returns the same string object when there is no whitespace to remove', () => {
    const text = '{"a":[1,2,{"b":"c d"}]}';
    expect(minifyJsonText(text)).toBe(text);
  });
});
