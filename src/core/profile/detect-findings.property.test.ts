import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFindings, detectionWork } from './detect-findings.ts';
import { ibanLengths, ibanRemainder } from './iban.ts';

const filler = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz  '.split('')), maxLength: 40 });
const alphanumeric = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split(''));
const digit = fc.constantFrom(...'0123456789'.split(''));

/** IBANs with correct check digits: a country, a BBAN of that country's length, check digits computed by ISO 13616. */
const validIban = fc
  .constantFrom(...Object.keys(ibanLengths))
  .chain((country) => fc.tuple(fc.constant(country), fc.string({ unit: alphanumeric, minLength: (ibanLengths[country] as number) - 4, maxLength: (ibanLengths[country] as number) - 4 })))
  .map(([country, bban]) => {
    const check = 98 - ibanRemainder(`${country}00${bban}`);
    return `${country}${String(check).padStart(2, '0')}${bban}`;
  });

const printed = (compact: string) => compact.match(/.{1,4}/g)?.join(' ') ?? compact;

function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let index = 0; index < body.length; index++) {
    let value = Number(body[body.length - 1 - index]);
    if (index % 2 === 0) value = value * 2 > 9 ? value * 2 - 9 : value * 2;
    sum += value;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Card numbers with a known IIN, the brand's length and a correct Luhn digit. */
const validCard = fc
  .constantFrom<[string, number]>(['4', 16], ['51', 16], ['55', 16], ['2221', 16], ['34', 15], ['37', 15], ['6011', 16], ['3530', 16], ['4', 13])
  .chain(([prefix, length]) => fc.string({ unit: digit, minLength: length - prefix.length - 1, maxLength: length - prefix.length - 1 }).map((body) => prefix + body))
  .map((body) => body + luhnCheckDigit(body));

const printedCard = (digits: string) =>
  digits.length === 15 ? `${digits.slice(0, 4)} ${digits.slice(4, 10)} ${digits.slice(10)}` : printed(digits);

function findsExactly(text: string, value: string, kind: string) {
  const start = text.indexOf(value);
  expect(detectFindings(text)).toEqual([{ kind, start, end: start + value.length }]);
}

describe('detectFindings properties', () => {
  it('finds every IBAN with correct check digits, compact and printed', () => {
    fc.assert(
      fc.property(filler, validIban, fc.boolean(), filler, (before, iban, grouped, after) => {
        const value = grouped ? printed(iban) : iban;
        findsExactly(`${before} IBAN: ${value}. ${after}`, value, 'iban');
      }),
    );
  });

  it('finds nothing in an IBAN whose check digits are wrong', () => {
    fc.assert(
      fc.property(filler, validIban, fc.integer({ min: 1, max: 96 }), fc.boolean(), (before, iban, shift, grouped) => {
        const check = ((Number(iban.slice(2, 4)) - 2 + shift) % 97) + 2;
        const broken = `${iban.slice(0, 2)}${String(check).padStart(2, '0')}${iban.slice(4)}`;
        expect(detectFindings(`${before} IBAN: ${grouped ? printed(broken) : broken}.`)).toEqual([]);
      }),
    );
  });

  it('finds every card number with a correct Luhn digit, compact and printed', () => {
    fc.assert(
      fc.property(filler, validCard, fc.boolean(), filler, (before, card, grouped, after) => {
        const value = grouped ? printedCard(card) : card;
        findsExactly(`${before} card ${value}, ${after}`, value, 'payment-card');
      }),
    );
  });

  it('finds nothing in a card number whose Luhn digit is wrong', () => {
    fc.assert(
      fc.property(filler, validCard, fc.integer({ min: 1, max: 9 }), fc.boolean(), (before, card, shift, grouped) => {
        const broken = card.slice(0, -1) + String((Number(card.slice(-1)) + shift) % 10);
        expect(detectFindings(`${before} card ${grouped ? printedCard(broken) : broken}.`)).toEqual([]);
      }),
    );
  });

  it('never throws, and gives findings in order of position, inside the text, never empty', () => {
    const tricky = fc.constantFrom(
      '1', '0', '4', ' ', '-', '.', ':', '::', '/', '//', '(', ')', '+', '@', '\n', 'A', 'DE', 'GB82', 'sk-', 'eyJ',
      '-----BEGIN PRIVATE KEY-----', '-----END PRIVATE KEY-----', 'SECRET', 'TOP SECRET', '(S', 'NOFORN', 'AKIA', 'x.com',
      '\\n', '\u{1F600}', '\uD800', 'é', '\u200B', '\uFF33', '%40', '%2F', '\\u0041', '&#64;', 'c2stcHJvai1', 'QUtJQ', '==', 'classification: ',
    );
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(tricky, { maxLength: 60 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (value) => {
        // Inputs stay short (at most 200 code points or 60 pieces), so a run cannot take long even if detection
        // were not linear; the work is counted instead, and must stay in step with the text.
        const { findings, scanned, views } = detectionWork(value);
        expect(views).toBeLessThanOrEqual(13);
        expect(scanned).toBeLessThanOrEqual(60 * value.length + 1);
        let previousStart = 0;
        for (const finding of findings) {
          expect(finding.start).toBeGreaterThanOrEqual(previousStart);
          expect(finding.end).toBeGreaterThan(finding.start);
          expect(finding.end).toBeLessThanOrEqual(value.length);
          previousStart = finding.start;
        }
      }),
      // Generating arbitrary code points is most of the time here (fast-check), not detection.
      { numRuns: 600 },
    );
  });
});

describe('detectFindings on adversarial input', () => {
  const size = 200_000;
  it.each([
    ['colons', ':'.repeat(size)],
    ['hex and colons', 'a:'.repeat(size / 2)],
    ['unterminated PEM headers', '-----BEGIN PRIVATE KEY-----\n'.repeat(size / 28)],
    ['digits and spaces', '1 '.repeat(size / 2)],
    ['digits and dashes', '0-'.repeat(size / 2)],
    ['at signs and labels', 'a@b.'.repeat(size / 4)],
    ['dotted labels after one at sign', `x@${'a.'.repeat(size / 2)}1`],
    ['portion marking without its parenthesis', `(S//${'A-'.repeat(size / 2)}`],
    ['long base64url run', `eyJ${'a'.repeat(size)}`],
    ['long key run', `sk-${'a'.repeat(size)}_`],
    ['key prefixes with random-looking pieces', 'sk-Ab3d '.repeat(size / 8)],
    ['fullwidth letters', '\uFF33\uFF25\uFF23\uFF32\uFF25\uFF34 '.repeat(size / 7)],
    ['zero-width characters between letters', 'a\u200B'.repeat(size / 2)],
    ['distinct code points', Array.from({ length: size / 2 }, (_, index) => String.fromCodePoint(0x100 + index * 7)).join('')],
    ['base64 runs everywhere', `${btoa('SECRET//NOFORN anna@example.de ')} `.repeat(size / 45)],
    ['one long base64 run', 'QUtJQ'.repeat(size / 5)],
    ['percent-encoding', '%41%4B%49%41'.repeat(size / 12)],
    ['escapes', '\\u0041\\u004B'.repeat(size / 12)],
    ['character references', '&#64;&amp;'.repeat(size / 10)],
    ['banners', 'SECRET//NOFORN\n'.repeat(size / 15)],
    ['slashes after letters', 'a//'.repeat(size / 3)],
    ['labels without levels', 'classification: '.repeat(size / 16)],
    ['HTML tags', '<p><b>'.repeat(size / 6)],
  ])('%s: linear time', (_label, text) => {
    const started = performance.now();
    detectFindings(text);
    // A guard against hangs, not a speed target (the work itself is counted in detect-findings.work.test.ts):
    // tens of milliseconds per 200 KB when linear, minutes for a quadratic path; 1 s was missed on a loaded machine.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
