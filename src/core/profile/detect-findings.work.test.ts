import { describe, expect, it } from 'vitest';
import { detectionWork } from './detect-findings.ts';

/**
 * The work of detection counted, not timed: how many characters the detectors are given over every view of a
 * text (normalised, decoded, decoded again). Each input is built to make the views multiply: characters that
 * normalise to many (U+FDFA is 18 characters in NFKD), encodings nested in one another (escapes of
 * percent-encoding of base64), runs that decode to more runs. Linear work means the count grows at most in step
 * with the text, whatever its size.
 */
const base64 = (text: string) => btoa(text);
const percent = (text: string) => [...text].map((character) => `%${character.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
const escaped = (text: string) => [...text].map((character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

const unit = 'SECRET//NOFORN sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA anna@example.de ';
const families: Array<[string, (size: number) => string]> = [
  ['characters that normalise to many', (size) => '\uFDFA'.repeat(size)],
  ['fullwidth letters', (size) => '\uFF33\uFF25\uFF23\uFF32\uFF25\uFF34 '.repeat(Math.ceil(size / 7))],
  ['base64 of base64', (size) => `${base64(base64(unit))} `.repeat(Math.ceil(size / 130))],
  ['base64 of base64 of base64', (size) => base64(base64(base64(unit.repeat(Math.ceil(size / 200)))))],
  ['percent-encoded base64', (size) => percent(`${base64(unit)} `).repeat(Math.ceil(size / 280))],
  ['escaped percent-encoding', (size) => escaped(percent(unit)).repeat(Math.ceil(size / 1300))],
  ['escaped percent-encoded base64', (size) => escaped(percent(base64(unit))).repeat(Math.ceil(size / 1700))],
  ['base64 of fullwidth', (size) => base64(String.fromCharCode(...new TextEncoder().encode('\uFF33\uFF25\uFF23'.repeat(Math.ceil(size / 12)))))],
  ['normalising characters inside base64 runs', (size) => `QUtJQ\uFDFA${'QUtJQ'.repeat(4)}`.repeat(Math.ceil(size / 26))],
];

describe('detection work on adversarial input', () => {
  it.each(families)('%s: work in step with the size of the text', (_label, make) => {
    const small = make(20_000);
    const large = make(80_000);
    const smallWork = detectionWork(small);
    const largeWork = detectionWork(large);
    // Views are bounded (the text, three decodings, three of each of those) whatever the input.
    expect(largeWork.views).toBeLessThanOrEqual(13);
    // The detectors read each character of the text a bounded number of times, at any size.
    expect(largeWork.scanned).toBeLessThanOrEqual(60 * large.length);
    // Four times the text: at most about four times the work (a quadratic path would be sixteen).
    expect(largeWork.scanned / large.length).toBeLessThanOrEqual((smallWork.scanned / small.length) * 1.1 + 1);
  });

  it('still finds what two nested encodings hide (the work bound is not bought by reading less)', () => {
    const found = detectionWork(`Note: ${percent(base64('SECRET//NOFORN'))} end`).findings;
    expect(found.map((finding) => finding.kind)).toContain('classification-marking');
  });
});
