import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFindings } from './detect-findings.ts';
import type { FindingKind } from './finding.ts';

/**
 * Property: benign text with one planted marking, credential or personal datum, written in a random encoding or
 * evasive form, is found, and the finding's span lies inside what was planted in the original text (so redaction
 * replaces the right characters): the planted characters, re-read on their own, are found again as that kind.
 */

const fake = (...parts: string[]) => parts.join('');
const planted: Array<{ kind: FindingKind; value: string }> = [
  { kind: 'classification-marking', value: 'SECRET//NOFORN' },
  { kind: 'classification-marking', value: 'TOP SECRET//SI/TK//NOFORN' },
  { kind: 'classification-marking', value: 'CUI//SP-PRVCY' },
  { kind: 'classification-marking', value: 'CONFIDENTIAL//REL TO USA, GBR' },
  { kind: 'aws-access-key-id', value: fake('AKIA', 'IOSFODNN7EXAMPLE') },
  { kind: 'openai-key', value: fake('sk-', 'proj-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z', '_-Q') },
  { kind: 'github-token', value: fake('ghp_', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb3d') },
  { kind: 'email', value: 'anna.schmidt@example.de' },
  { kind: 'phone', value: '+49 30 1234567' },
  { kind: 'iban', value: 'DE89 3704 0044 0532 0130 00' },
  { kind: 'payment-card', value: '4111 1111 1111 1111' },
];

const cyrillic: Record<string, string> = { A: '\u0410', C: '\u0421', E: '\u0415', O: '\u041E', P: '\u0420', T: '\u0422', S: '\u0405', I: '\u0406', K: '\u041A' };
const bytesOf = (text: string) => [...new TextEncoder().encode(text)];

/** Ways of writing a value; each keeps it readable to whoever decodes or normalises it. */
const forms: Record<string, (value: string, random: number) => string> = {
  'as it is': (value) => value,
  'zero-width characters inside': (value, random) => [...value].map((character, index) => ((index + random) % 3 === 1 ? `${character}\u200B` : index % 5 === 4 ? `${character}\u2060` : character)).join(''),
  'soft hyphens and a byte order mark': (value) => `\uFEFF${[...value].map((character, index) => (index % 4 === 2 ? `${character}\u00AD` : character)).join('')}`,
  'fullwidth': (value) => [...value].map((character) => (character > ' ' && character <= '~' ? String.fromCharCode(character.charCodeAt(0) + 0xfee0) : character)).join(''),
  'no-break spaces': (value) => value.replace(/ /g, '\u00A0'),
  'Cyrillic look-alikes': (value) => [...value].map((character) => cyrillic[character] ?? character).join(''),
  'base64': (value) => btoa(String.fromCharCode(...bytesOf(value))),
  'base64url': (value) => btoa(String.fromCharCode(...bytesOf(value))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
  'percent-encoded': (value) => bytesOf(value).map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  '\\u escapes': (value) => [...value].map((character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  'HTML character references': (value) => [...value].map((character, index) => (index % 2 === 0 ? `&#${character.charCodeAt(0)};` : character)).join(''),
  'inside a JSON string after a line break': (value) => JSON.stringify({ note: `Note\n${value}` }),
};

const word = fc.constantFrom('the', 'plan', 'report', 'summary', 'team', 'met', 'today', 'and', 'agreed', 'next', 'steps', 'with', 'our', 'partners');
const prose = fc.array(word, { minLength: 1, maxLength: 12 }).map((words) => words.join(' '));

describe('detectFindings: planted values in evasive forms', () => {
  it('finds a planted value in any form, and its span covers what was planted', () => {
    fc.assert(
      fc.property(prose, fc.constantFrom(...planted), fc.constantFrom(...Object.keys(forms)), fc.nat(), prose, (before, { kind, value }, form, random, after) => {
        const written = (forms[form] as (value: string, random: number) => string)(value, random);
        // A banner opens its line; everything else stands between words.
        const text = `${before}\n${written}\n${after}`;
        const start = before.length + 1;
        const end = start + written.length;
        const found = detectFindings(text).filter((finding) => finding.kind === kind && finding.start >= start && finding.end <= end);
        expect(found.length, `${kind} written ${form}: ${JSON.stringify(written)}`).toBeGreaterThan(0);
        for (const finding of found) {
          expect(detectFindings(text.slice(finding.start, finding.end)).some((again) => again.kind === kind)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('finds nothing in the benign text alone, in any form', () => {
    fc.assert(
      fc.property(prose, fc.constantFrom(...Object.keys(forms)), fc.nat(), (text, form, random) => {
        expect(detectFindings((forms[form] as (value: string, random: number) => string)(text, random))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
