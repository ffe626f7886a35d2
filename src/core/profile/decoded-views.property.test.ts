import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Stretches, decodeBase64Text, mayBeBase64Text } from './decoded-views.ts';

/**
 * The base64 decodings checked against `TextDecoder` itself: the strict one refuses what the fatal decoder refuses,
 * and the lenient one's stretches of text are those of the lenient decoder, although both now skip the decoder
 * (and its thrown refusals) for bytes that cannot give text.
 */
const nonText = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFD]+/g; // eslint-disable-line no-control-regex -- the decoder's control characters
const credentialStart = /(?=sk[-_]|rk_|a(?:kia|sia|bia|cca|iza)|gh[pousr]_|github_pat_|xox[abposr]-|xapp-|eyJ)/gi;

function referenceBytes(body: string): Uint8Array | undefined {
  const usable = body.length % 4 === 1 ? body.slice(0, -1) : body;
  try {
    return Uint8Array.from(atob(usable + '='.repeat((4 - (usable.length % 4)) % 4)), (character) => character.charCodeAt(0));
  } catch {
    return undefined;
  }
}

const standard = (run: string) => run.replaceAll('-', '+').replaceAll('_', '/').replace(/=+$/, '');

function referenceText(run: string): string | undefined {
  if (!mayBeBase64Text(run)) return undefined;
  const bytes = referenceBytes(standard(run));
  if (bytes === undefined) return undefined;
  try {
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFD]/.test(decoded) ? undefined : decoded; // eslint-disable-line no-control-regex -- as above
  } catch {
    return undefined;
  }
}

function referenceStretches(run: string): string | undefined {
  if (!mayBeBase64Text(run)) return undefined;
  const body = standard(run);
  const found: string[] = [];
  for (let shift = 0; shift < 4 && shift < body.length; shift++) {
    const bytes = referenceBytes(body.slice(shift));
    if (bytes === undefined) continue;
    for (const stretch of new TextDecoder().decode(bytes).split(nonText)) if (stretch.length >= 8) found.push(stretch.replace(credentialStart, '\n'));
  }
  return found.length === 0 ? undefined : found.join('\n');
}

/** Bytes of text, of random binary and of edge sequences (overlong, surrogate, past U+10FFFF, truncated, BOM). */
const bytes = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 12 }).map((text) => [...new TextEncoder().encode(text)]),
      fc.string({ unit: 'grapheme', maxLength: 6 }).map((text) => [...new TextEncoder().encode(text)]),
      fc.uint8Array({ maxLength: 12 }).map((array) => [...array]),
      fc.constantFrom([0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xef, 0xbb, 0xbf], [0xef, 0xbf, 0xbd], [0x7f], [0x0b]),
    ),
    { maxLength: 10 },
  )
  .map((pieces) => pieces.flat());

const run = fc.tuple(bytes, fc.constantFrom('', 'A', 'Zk', 'tok'), fc.boolean()).map(([content, prefix, urlSafe]) => {
  const encoded = prefix + btoa(String.fromCharCode(...content));
  return urlSafe ? encoded.replaceAll('+', '-').replaceAll('/', '_') : encoded;
});

describe('base64 decodings', () => {
  it('decode as TextDecoder does, strictly and leniently', () => {
    fc.assert(
      fc.property(run, (text) => {
        expect(decodeBase64Text(text)).toBe(referenceText(text));
        expect(decodeBase64Stretches(text)).toBe(referenceStretches(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('still find a key base64-encoded after an id glued on before it', () => {
    const encoded = `call${btoa('xx sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z')}`;
    expect(decodeBase64Stretches(encoded)).toContain('sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z');
  });
});
