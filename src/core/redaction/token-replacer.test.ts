import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTokenReplacer } from './token-replacer.ts';
import { splitAt } from './test-support.ts';

const replacements = new Map([
  ['[EMAIL_1]', 'anna@example.de'],
  ['[EMAIL_12]', 'bob@example.org'],
  ['[PHONE_1]', '+49 30 1234567'],
  ['198.51.100.100', '10.1.2.3'],
  ['198.51.100', 'NET'],
]);
const replacer = createTokenReplacer(replacements);

/** Text built from pieces of tokens, whole tokens and noise, so splits often fall inside a token. */
const tokenish = fc
  .array(fc.oneof(fc.constantFrom(...replacements.keys(), '[', ']', '[EMAIL_', '_1]', '198.', '51.100.1', 'x', ' '), fc.string({ maxLength: 4 })), { maxLength: 30 })
  .map((pieces) => pieces.join(''));

describe('createTokenReplacer', () => {
  it.each([
    ['Write to [EMAIL_1].', 'Write to anna@example.de.'],
    ['[EMAIL_12] and [EMAIL_1]', 'bob@example.org and anna@example.de'],
    ['[EMAIL_2] stays', '[EMAIL_2] stays'],
    ['[[PHONE_1]]', '[+49 30 1234567]'],
    ['at 198.51.100.100 in 198.51.100.7', 'at 10.1.2.3 in NET.7'],
    ['', ''],
  ])('replaces %j leftmost-longest', (text, expected) => {
    expect(replacer.replace(text)).toBe(expected);
  });

  it('holds back only a suffix that may still become a token', () => {
    const stream = replacer.stream();
    expect(stream.push('Hello [EMA')).toBe('Hello ');
    expect(stream.push('IL_1')).toBe('');
    expect(stream.push(']! [X')).toBe('anna@example.de! [X');
    expect(stream.push('[EMAIL_1')).toBe('');
    expect(stream.push('2] ok')).toBe('bob@example.org ok');
    expect(stream.push(' [PHO')).toBe(' ');
    expect(stream.flush()).toBe('[PHO');
  });

  it('waits for a longer token before taking a shorter one at the same place', () => {
    const stream = replacer.stream();
    expect(stream.push('198.51.100')).toBe('');
    expect(stream.push('.1')).toBe('');
    expect(stream.push('5')).toBe('NET.15');
  });

  it('streams to the same text as the whole-text replacement, for any text and any split', () => {
    fc.assert(
      fc.property(tokenish, fc.array(fc.nat(), { maxLength: 12 }), (text, cuts) => {
        const stream = replacer.stream();
        const streamed = splitAt(text, cuts).map((chunk) => stream.push(chunk)).join('') + stream.flush();
        expect(streamed).toBe(replacer.replace(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('applies the encoding to what it inserts', () => {
    const json = createTokenReplacer(new Map([['[K_1]', 'a"b']]), (value) => JSON.stringify(value).slice(1, -1));
    expect(json.replace('{"x":"[K_1]"}')).toBe('{"x":"a\\"b"}');
  });

  it('passes text through when it has no tokens', () => {
    const none = createTokenReplacer(new Map());
    const stream = none.stream();
    expect(stream.push('[EMA')).toBe('[EMA');
    expect(none.replace('[EMAIL_1]')).toBe('[EMAIL_1]');
  });
});
