import type { Accepted, Detector } from './detector.ts';
import type { FindingKind } from './finding.ts';
import { isJsonWebToken } from './json-web-token.ts';

/**
 * Credentials. A fixed prefix is found in any case (`SK-proj-`, `Akia`, `GHP_`): changing its case hides nothing
 * from a reader who knows the format. An AWS access key id is upper case by format, so a lower-cased one is
 * found too (with a digit, so no word is taken for one). Keys split over lines or by spaces are found by
 * {@link splitSecretDetector}.
 */

const keyChars = String.raw`[A-Za-z0-9_-]`;
/** A line break in a PEM body: real, JSON-escaped (`\\n`), or spaces when pasted on one line. */
const pemBreak = String.raw`(?:\s|\\[rn])+`;
/** `word` in any case, as a pattern without flags. */
export const anyCase = (word: string) =>
  [...word].map((letter) => (letter.toLowerCase() === letter.toUpperCase() ? letter : `[${letter.toUpperCase()}${letter.toLowerCase()}]`)).join('');
/** A first letter in any case, not preceded by a key character (the lookbehind follows it: V8 scans fastest so). */
const leading = (letter: string, before = '[A-Za-z0-9_-]') => `${anyCase(letter)}(?<!${before}.)`;
const hasDigit = /[0-9]/;

/**
 * PEM private keys (PKCS#1, PKCS#8, SEC1, OpenSSH, encrypted with their header lines), also when a JSON string
 * escapes the newlines or the key was pasted on one line, the BEGIN and END lines in any case. Linear: the body is
 * lines of base64, so a key cut off before its END line is taken up to its last base64 line, and an unterminated
 * BEGIN costs one pass.
 * @see https://www.rfc-editor.org/rfc/rfc7468
 */
export const privateKeyDetector: Detector = {
  kind: 'private-key',
  pattern: [
    String.raw`-----${anyCase('begin')} (?:[A-Za-z0-9]+ )*${anyCase('private key')}-----`,
    String.raw`(?:${pemBreak}(?:[A-Za-z0-9+/]{16,}={0,2}|[A-Za-z-]+:[ \t][^\r\n\\]*))*`,
    String.raw`(?:${pemBreak}[A-Za-z0-9+/]{1,15}={0,2})?`,
    String.raw`(?:(?:\s|\\[rn])*-----${anyCase('end')} (?:[A-Za-z0-9]+ )*${anyCase('private key')}-----)?`,
  ].join(''),
};

/**
 * The credentials with a fixed prefix, each the whole credential on one run of characters, most specific first.
 * Not joined into the detectors' expression: {@link credentialDetector} finds the prefixes and tries these there.
 */
export const prefixedSecretDetectors: Detector[] = [
  {
    // Base64url is case-sensitive: only the exact form is a token. @see https://www.rfc-editor.org/rfc/rfc7519
    kind: 'jwt',
    pattern: String.raw`e(?<![A-Za-z0-9_-]e)yJ${keyChars}{8,}\.${keyChars}{8,}\.${keyChars}*(?![A-Za-z0-9_-])`,
    accept: (text, start, end) => (isJsonWebToken(text.slice(start, end)) ? { start, end } : undefined),
  },
  // @see https://docs.anthropic.com/en/api/admin-api/apikeys/get-api-key
  { kind: 'anthropic-key', pattern: String.raw`${leading('s')}${anyCase('k-ant-')}${keyChars}{20,}` },
  {
    // Project, service-account, admin and legacy user keys. Other vendors' `sk-` keys land here as well.
    // @see https://platform.openai.com/docs/api-reference/authentication
    kind: 'openai-key',
    pattern: String.raw`${leading('s')}${anyCase('k-')}(?:(?:${anyCase('proj')}|${anyCase('svcacct')}|${anyCase('admin')}|${anyCase('none')})-${keyChars}{20,}|[A-Za-z0-9]{32,}(?![A-Za-z0-9_-]))`,
  },
  {
    // Long-term (AKIA) and temporary (ASIA) access key ids; the secret access key has no recognisable shape.
    // @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
    kind: 'aws-access-key-id',
    pattern: String.raw`${leading('a', '[A-Za-z0-9]')}(?:${anyCase('kia')}|${anyCase('sia')}|${anyCase('bia')}|${anyCase('cca')})(?:[A-Z0-9]{16}|[a-z0-9]{16})(?![A-Za-z0-9])`,
    accept: (text, start, end) => (/[A-Z]/.test(text.slice(start + 4, end)) || hasDigit.test(text.slice(start + 4, end)) ? { start, end } : undefined),
  },
  {
    // @see https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/
    kind: 'github-token',
    pattern: String.raw`${leading('g', '[A-Za-z0-9_]')}(?:${anyCase('h')}[pousrPOUSR]_[A-Za-z0-9]{36}(?![A-Za-z0-9])|${anyCase('ithub_pat_')}[A-Za-z0-9_]{50,})`,
  },
  {
    // @see https://api.slack.com/authentication/token-types
    kind: 'slack-token',
    pattern: String.raw`${leading('x', '[A-Za-z0-9_]')}(?:${anyCase('ox')}[abposrABPOSR]-[A-Za-z0-9-]{10,}|${anyCase('app-')}[0-9]-[A-Za-z0-9-]{10,})`,
  },
  {
    // @see https://cloud.google.com/docs/authentication/api-keys
    kind: 'google-api-key',
    pattern: String.raw`${leading('a')}${anyCase('iza')}${keyChars}{35}(?![A-Za-z0-9_-])`,
  },
  // @see https://docs.stripe.com/keys
  { kind: 'stripe-key', pattern: String.raw`[SsRr](?<![A-Za-z0-9_].)${anyCase('k_')}(?:${anyCase('live')}|${anyCase('test')})_[A-Za-z0-9]{16,}` },
];

const anchored = prefixedSecretDetectors.map((detector) => new RegExp(detector.pattern, 'y'));
/** A chunk of key characters, and what may separate two chunks: spaces with at most one (possibly escaped) line break. */
const chunkAt = /[A-Za-z0-9_+/=.-]+/y;
const breakAt = /(?:[ \t]{1,3}|[ \t]*(?:\r?\n|\\r\\n|\\n)[ \t]*)/y;
const digit = /[0-9]/;
const joiningEnd = /[-_.]$/;
const innerUpper = /.[A-Z]/;
const lower = /[a-z]/;
/** The most characters a split key is read over, and the most pieces. */
const longestKey = 400;
const mostPieces = 16;

/**
 * Whether a piece after a line break or space belongs to a key rather than to prose: keys are random, so a piece
 * has a digit, an upper-case letter after its first character, a `_` or `-`, or is four or more upper-case
 * letters (AWS).
 */
function looksRandom(piece: string): boolean {
  if (piece.length < 2) return false;
  return digit.test(piece) || innerUpper.test(piece) || piece.includes('_') || piece.includes('-') || (piece.length >= 4 && !lower.test(piece));
}

/** A piece that starts another credential: reading pieces stops there, so each prefix is read over once. */
const credentialStart = /^(?:sk[-_]|rk_|a(?:kia|sia|bia|cca|iza)|gh[pousr]_|github_pat_|xox[abposr]-|xapp-)|^eyJ/i;

/** The strict detectors a prefix can start (by its first letters, any case), as indices of `anchored`. */
function candidatesFor(prefix: string): number[] {
  const head = prefix.slice(0, 3).toLowerCase();
  const kinds =
    head === 'sk-' ? ['anthropic-key', 'openai-key'] : head === 'sk_' || head === 'rk_' ? ['stripe-key'] : head.startsWith('ai') ? ['google-api-key']
      : head.startsWith('a') ? ['aws-access-key-id'] : head.startsWith('g') ? ['github-token'] : head.startsWith('x') ? ['slack-token'] : ['jwt'];
  return kinds.map((kind) => prefixedSecretDetectors.findIndex((detector) => detector.kind === kind));
}

/** Whether one of `candidates` takes `text` from `start` on: the credential's end and kind. */
function matchStrict(text: string, start: number, candidates: readonly number[]): Accepted | undefined {
  for (const index of candidates) {
    const pattern = anchored[index] as RegExp;
    pattern.lastIndex = start;
    const match = pattern.exec(text);
    if (match === null) continue;
    const detector = prefixedSecretDetectors[index] as Detector;
    const end = start + match[0].length;
    const accepted = detector.accept === undefined ? { start, end } : detector.accept(text, start, end);
    if (accepted !== undefined) return { ...accepted, kind: detector.kind };
  }
  return undefined;
}

/**
 * Whether a strict detector takes the whole of `piece` as it stands: then it is a key on its own, not a split one.
 * A piece ending in a joining character (`xoxb-123456789012-`) goes on on the next line.
 */
function isWholeKey(piece: string, candidates: readonly number[]): boolean {
  if (joiningEnd.test(piece)) return false;
  return matchStrict(piece, 0, candidates)?.end === piece.length;
}

/**
 * A credential split over lines or by spaces (`sk-proj-Ab3d\nEf6h...`, `AKIA IOSF ODNN 7EXA MPLE`): the pieces
 * from the prefix on are joined and the strict detectors tried on the result; the finding runs from the prefix
 * to the end of the last piece the credential needs.
 */
function acceptSplit(text: string, start: number, candidates: readonly number[]): Accepted | undefined {
  let joined = '';
  const pieceEnds: number[] = [];
  const joinedEnds: number[] = [];
  let position = start;
  while (pieceEnds.length < mostPieces && position - start < longestKey) {
    chunkAt.lastIndex = position;
    const piece = chunkAt.exec(text);
    if (piece === null || (pieceEnds.length > 0 && (!looksRandom(piece[0]) || credentialStart.test(piece[0])))) break;
    if (pieceEnds.length === 0 && isWholeKey(piece[0], candidates)) return undefined;
    joined += piece[0];
    position = chunkAt.lastIndex;
    pieceEnds.push(position);
    joinedEnds.push(joined.length);
    breakAt.lastIndex = position;
    if (!breakAt.test(text)) break;
    position = breakAt.lastIndex;
  }
  if (pieceEnds.length < 2) return undefined;
  const found = matchStrict(joined, 0, candidates);
  if (found === undefined) return undefined;
  const last = joinedEnds.findIndex((end) => end >= found.end);
  // Found whole in the first piece: the strict detector takes it where it stands.
  if (last <= 0) return undefined;
  return { start, end: pieceEnds[last] as number, kind: found.kind as FindingKind };
}

const isLetterCode = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/**
 * Credentials with a fixed prefix (`sk-`, `AKIA`, `ghp_`, `xoxb-`, `AIza`, `sk_live_`, `eyJ`), the prefix in any
 * case: the pattern finds a prefix, the check reads back to the start of its word and tries the strict detectors
 * there, first over pieces split by line breaks or spaces (`xoxb-123456789012-` and the rest on the next line),
 * then as the credential stands. Each prefix is found by a rare character of it (`k` of `sk-`, `J` of `eyJ`, `z`
 * of `aiza`), never by a frequent lower-case letter: V8 skips text fastest when few characters can start a match
 * (about 20 % of the whole scan on prose).
 */
export const credentialDetector: Detector = {
  kind: 'openai-key',
  pattern: [
    // sk-, sk_, rk_, akia in any case: found at the k, the letter before it and a word start checked behind it.
    String.raw`[Kk](?<![^SsRrAa][Kk])(?<!^[Kk])(?<![A-Za-z0-9_-][SsRrAa][Kk])(?:[-_]|[Ii][Aa])`,
    // AKIA, ASIA, ABIA, ACCA, AIza with an upper-case A.
    String.raw`A(?<![A-Za-z0-9]A)(?:[Kk][Ii][Aa]|[Ss][Ii][Aa]|[Bb][Ii][Aa]|[Cc][Cc][Aa]|[Ii][Zz][Aa])`,
    // aiza in any other case: found at the z.
    String.raw`[Zz](?<![^Ii][Zz])(?<!^[Zz])(?<![^Aa][Ii][Zz])(?<!^[Ii][Zz])(?<![A-Za-z0-9_-][Aa][Ii][Zz])[Aa]`,
    String.raw`${leading('g', '[A-Za-z0-9_]')}(?:${anyCase('h')}[pousrPOUSR]_|${anyCase('ithub_pat_')})`,
    String.raw`${leading('x', '[A-Za-z0-9_]')}(?:${anyCase('ox')}[abposrABPOSR]-|${anyCase('app-')})`,
    // eyJ (base64url of `{"`): found at the J.
    String.raw`J(?<![^y]J)(?<!^J)(?<![^e]yJ)(?<!^yJ)(?<![A-Za-z0-9_-]eyJ)`,
  ].join('|'),
  accept: (text, start) => {
    let word = start;
    while (word > 0 && start - word < 3 && isLetterCode(text.charCodeAt(word - 1))) word--;
    const candidates = candidatesFor(text.slice(word, word + 3));
    return acceptSplit(text, word, candidates) ?? matchStrict(text, word, candidates);
  },
};
