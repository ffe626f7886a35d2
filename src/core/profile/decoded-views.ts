import { base64Runs } from './base64-runs.ts';
import { ViewBuilder, type DetectionView } from './detection-view.ts';

/**
 * Decoded readings of a text, for the detectors to scan too: escapes (JSON and JavaScript `\uXXXX`, `\xXX`, `\n`;
 * HTML character references), percent-encoding, and base64 runs (standard and URL-safe). Each is linear in the
 * text; a decoded text is never longer than its source.
 */

const escapeTrigger = /\\(?:u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|[nrt"])|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});/;
const escapes = /\\u([0-9A-Fa-f]{4})|\\x([0-9A-Fa-f]{2})|\\([nrtbf"'\\/])|&#([0-9]{1,7});|&#[xX]([0-9A-Fa-f]{1,6});|&([A-Za-z]{2,8});/g;
const simpleEscapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\', '/': '/' };
/** HTML named references that spell characters the detectors read. */
const namedReferences: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', commat: '@', sol: '/', bsol: '\\', period: '.', colon: ':',
  lpar: '(', rpar: ')', hyphen: '-', dash: '-', num: '#', percnt: '%', lowbar: '_', plus: '+', equals: '=', comma: ',', semi: ';',
  excl: '!', quest: '?', ast: '*', verbar: '|', lsqb: '[', rsqb: ']', lcub: '{', rcub: '}', newline: '\n', tab: '\t',
};

function codePoint(value: number): string | undefined {
  return value <= 0x10ffff ? String.fromCodePoint(value) : undefined;
}

/** Escapes and character references decoded, each to the characters it stands for; undefined when there are none. */
export function unescapedView(text: string): DetectionView | undefined {
  if (!escapeTrigger.test(text)) return undefined;
  const builder = new ViewBuilder(text);
  let copied = 0;
  escapes.lastIndex = 0;
  for (let match = escapes.exec(text); match !== null; match = escapes.exec(text)) {
    const [whole, unicode, hex, simple, decimal, hexReference, named] = match;
    let decoded: string | undefined;
    if (unicode !== undefined) decoded = String.fromCharCode(parseInt(unicode, 16));
    else if (hex !== undefined) decoded = String.fromCharCode(parseInt(hex, 16));
    else if (simple !== undefined) decoded = simpleEscapes[simple];
    else if (decimal !== undefined) decoded = codePoint(Number(decimal));
    else if (hexReference !== undefined) decoded = codePoint(parseInt(hexReference, 16));
    else if (named !== undefined) decoded = namedReferences[named.toLowerCase()];
    if (decoded === undefined) continue;
    builder.copy(copied, match.index);
    builder.replace(decoded, match.index, match.index + whole.length);
    copied = match.index + whole.length;
  }
  builder.copy(copied, text.length);
  escapes.lastIndex = 0;
  return builder.build();
}

const percentRun = /(?:%[0-9A-Fa-f]{2})+/g;

/** The number of bytes of the UTF-8 character whose first byte is `lead` (1 for a byte that starts none). */
function utf8Length(lead: number): number {
  return lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 && lead < 0xe0 ? 2 : 1;
}

/** Percent-encoding decoded (`%40` as `@`, `%E2%80%8B` as one character), each character mapped to its escapes. */
export function percentDecodedView(text: string): DetectionView | undefined {
  if (!text.includes('%')) return undefined;
  const builder = new ViewBuilder(text);
  let copied = 0;
  let found = false;
  percentRun.lastIndex = 0;
  for (let match = percentRun.exec(text); match !== null; match = percentRun.exec(text)) {
    found = true;
    builder.copy(copied, match.index);
    const run = match[0];
    let offset = 0;
    while (offset < run.length) {
      const lead = parseInt(run.slice(offset + 1, offset + 3), 16);
      if (lead < 0x80) {
        builder.replace(String.fromCharCode(lead), match.index + offset, match.index + offset + 3);
        offset += 3;
        continue;
      }
      const bytes = Math.min(utf8Length(lead), (run.length - offset) / 3);
      const piece = run.slice(offset, offset + 3 * bytes);
      let decoded: string;
      try {
        decoded = decodeURIComponent(piece);
      } catch {
        decoded = String.fromCharCode(parseInt(run.slice(offset + 1, offset + 3), 16));
        builder.replace(decoded, match.index + offset, match.index + offset + 3);
        offset += 3;
        continue;
      }
      builder.replace(decoded, match.index + offset, match.index + offset + piece.length);
      offset += piece.length;
    }
    copied = match.index + run.length;
  }
  percentRun.lastIndex = 0;
  if (!found) return undefined;
  builder.copy(copied, text.length);
  return builder.build();
}

const upper = /[A-Z]/;
const lower = /[a-z]/;
const digit = /[0-9]/;
const hexOnly = /^[0-9A-Fa-f]+$/;
const dashes = /-/g;
const underscores = /_/g;
const decoder = new TextDecoder('utf-8', { fatal: true });
/** Control characters other than tab and line breaks: decoded binary, not text. */
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const binary = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFD]/;

/**
 * Whether a run may be base64 of text: base64 mixes upper case with lower case or digits; identifiers
 * (`scheduled_departure_time`, `mohamed_hernandez_5188`) and hex do not.
 */
export function mayBeBase64Text(run: string): boolean {
  return upper.test(run) && (lower.test(run) || digit.test(run)) && !hexOnly.test(run);
}

/** The bytes of base64 `body` (standard alphabet, no padding), decoded; undefined when `atob` refuses it. */
function base64Bytes(body: string): Uint8Array | undefined {
  const usable = body.length % 4 === 1 ? body.slice(0, -1) : body;
  let binaryText: string;
  try {
    binaryText = atob(usable + '='.repeat((4 - (usable.length % 4)) % 4));
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binaryText.length);
  for (let index = 0; index < binaryText.length; index++) bytes[index] = binaryText.charCodeAt(index);
  return bytes;
}

/**
 * The length of the well-formed UTF-8 sequence at `bytes[index]` (as `TextDecoder` reads it: no overlong forms,
 * surrogates or code points past U+10FFFF), or 0 when none starts there.
 */
function utf8SequenceAt(bytes: Uint8Array, index: number): number {
  const lead = bytes[index]!;
  if (lead < 0x80) return 1;
  if (lead < 0xc2 || lead > 0xf4) return 0;
  // The second byte's range depends on the lead (overlong forms, surrogates, past U+10FFFF); the others are 80-BF.
  const second = bytes[index + 1] ?? 0;
  if (lead <= 0xdf) return second >= 0x80 && second <= 0xbf ? 2 : 0;
  const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
  const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
  if (second < low || second > high || !isContinuation(bytes[index + 2])) return 0;
  if (lead <= 0xef) return 3;
  return isContinuation(bytes[index + 3]) ? 4 : 0;
}

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x80 && byte <= 0xbf;
}

/** Whether `bytes` are well-formed UTF-8 (what the fatal decoder accepts), checked without a throw per refusal. */
function isUtf8(bytes: Uint8Array): boolean {
  for (let index = 0; index < bytes.length; ) {
    const length = utf8SequenceAt(bytes, index);
    if (length === 0) return false;
    index += length;
  }
  return true;
}

/** Whether a byte, on its own, decodes to a character {@link nonText} matches: an ASCII control but tab and line breaks. */
function isControlByte(byte: number): boolean {
  return byte < 0x20 ? byte !== 0x09 && byte !== 0x0a && byte !== 0x0d : byte === 0x7f;
}

/**
 * Whether the lenient decoding of `bytes` may hold a stretch of at least `shortest` UTF-16 units between
 * {@link nonText} characters. Errs only towards yes (a well-formed U+FFFD or a byte order mark is counted as text),
 * so a no skips the decoding safely: most base64 runs that are not text (ids such as `call_oIHazX6yQrB8hUwl4cRilFKj`)
 * decode to bytes with no such stretch.
 */
function mayHoldTextStretch(bytes: Uint8Array, shortest: number): boolean {
  let units = 0;
  for (let index = 0; index < bytes.length; ) {
    const length = utf8SequenceAt(bytes, index);
    if (length === 0 || (length === 1 && isControlByte(bytes[index]!))) {
      units = 0;
      index += 1;
      continue;
    }
    units += length === 4 ? 2 : 1;
    if (units >= shortest) return true;
    index += length;
  }
  return false;
}

/** The run in the standard alphabet without padding. */
function standardBody(run: string): string {
  let body = run.replace(dashes, '+').replace(underscores, '/');
  while (body.endsWith('=')) body = body.slice(0, -1);
  return body;
}

/** Base64 (standard or URL-safe, padded or not) of UTF-8 text, decoded; undefined when it is not text. */
export function decodeBase64Text(run: string): string | undefined {
  if (!mayBeBase64Text(run)) return undefined;
  const bytes = base64Bytes(standardBody(run));
  if (bytes === undefined || !isUtf8(bytes)) return undefined;
  const decoded = decoder.decode(bytes);
  return binary.test(decoded) ? undefined : decoded;
}

const lenientDecoder = new TextDecoder('utf-8', { fatal: false });
/** Stretches that are not text in a leniently decoded run: control characters, replacement characters. */
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const nonText = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFD]+/g;
/** The shortest stretch of text worth keeping from a lenient decoding (a key id, an address, a marking). */
const shortestStretch = 8;
/**
 * Where a credential prefix starts inside decoded base64: the bytes before a payload are noise that may happen to be
 * letters (or text glued on before encoding), so a line break is put before each (the credential detectors want a
 * word start). Markings need none: a level glued to what precedes it is taken when `//` and a known caveat follow.
 */
const credentialStart = /(?=sk[-_]|rk_|a(?:kia|sia|bia|cca|iza)|gh[pousr]_|github_pat_|xox[abposr]-|xapp-|eyJ)/gi;
/**
 * The longest run decoded leniently: beyond it a run is a file (an image, a PDF, a font) and its stretches would
 * cost several times the strict decoding for noise; a payload glued into such a file's base64 is not found.
 */
const longestLenientRun = 65_536;

/**
 * What text a base64 run holds when it is not base64 of text as a whole: characters glued on either side (`tok`
 * before a key's base64, a real image's base64 before a text's), which shift the 4-character groups and add
 * bytes that are not text. Each of the four alignments is decoded leniently and its stretches of text of at least
 * {@link shortestStretch} characters are kept, one per line; undefined when there are none.
 */
export function decodeBase64Stretches(run: string): string | undefined {
  if (run.length > longestLenientRun || !mayBeBase64Text(run)) return undefined;
  const body = standardBody(run);
  const found: string[] = [];
  for (let shift = 0; shift < 4 && shift < body.length; shift++) {
    const bytes = base64Bytes(body.slice(shift));
    if (bytes === undefined || !mayHoldTextStretch(bytes, shortestStretch)) continue;
    for (const stretch of lenientDecoder.decode(bytes).split(nonText)) if (stretch.length >= shortestStretch) found.push(stretch.replace(credentialStart, '\n'));
  }
  return found.length === 0 ? undefined : found.join('\n');
}

/**
 * The base64 runs of `text` that decode to text, decoded, in one view: each run's text on lines of its own (so
 * one scan reads them all), every position of it mapped to the whole run; a run that is not text as a whole gives
 * the stretches of text of its four alignments (see {@link decodeBase64Stretches}). Undefined when none decodes.
 */
export function base64View(text: string, runs: readonly number[] = base64Runs(text)): DetectionView | undefined {
  let builder: ViewBuilder | undefined;
  for (let index = 0; index < runs.length; index += 2) {
    const start = runs[index] as number;
    const end = runs[index + 1] as number;
    const run = text.slice(start, end);
    const decoded = decodeBase64Text(run)?.replace(credentialStart, '\n') ?? decodeBase64Stretches(run);
    if (decoded === undefined || decoded.length === 0) continue;
    builder ??= new ViewBuilder(text);
    builder.replace(`${decoded}\n`, start, end);
  }
  return builder?.build();
}
