import { markingDetectors } from './classification-marking.ts';
import type { Detector } from './detector.ts';
import type { Span } from './finding.ts';
import { ibanLengths, isValidIban } from './iban.ts';
import { isIpv4Address } from './ipv4.ts';
import { isIpv6Address } from './ipv6.ts';
import { isJsonWebToken } from './json-web-token.ts';
import { isPaymentCard } from './payment-card.ts';
import { acceptInternationalPhone, acceptNanpPhone, acceptNationalPhone } from './phone-number.ts';
import { isUkNino } from './uk-nino.ts';
import { isUsSsn } from './us-ssn.ts';

const keyChars = String.raw`[A-Za-z0-9_-]`;
const hex = '[0-9A-Fa-f]';
/** Exchange and line number of a North American number: NXX-XXXX. */
const nanpRest = String.raw`[2-9][0-9]{2}[ .-][0-9]{4}(?![0-9]|[.-][0-9])`;
/** A line break in a PEM body: real, JSON-escaped (`\\n`), or spaces when pasted on one line. */
const pemBreak = String.raw`(?:\s|\\[rn])+`;
const nationalEnd = String.raw`(?![0-9]|[./-][0-9])`;

/** Accepts the candidate as found when `check` holds for its text. */
const whole = (check: (candidate: string) => boolean) => (text: string, start: number, end: number) =>
  check(text.slice(start, end)) ? { start, end } : undefined;

/** Accepts the first `length` characters of the candidate when `measure` gives a length. */
const prefix = (measure: (candidate: string) => number) => (text: string, start: number, end: number) => {
  const length = measure(text.slice(start, end));
  return length > 0 ? { start, end: start + length } : undefined;
};

const isLocalPartCode = (code: number) =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ||
  code === 46 || code === 95 || code === 37 || code === 43 || code === 45;
const isAlphanumericCode = (code: number) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const fileExtension = /\.(?:png|jpe?g|gif|svg|webp|ico|bmp|tiff?|avif|pdf)$/i;

/** The pattern finds `@domain`; the local part (at most 64 characters, starting with a letter or digit) is read leftwards. */
function acceptEmail(text: string, start: number, end: number): Span | undefined {
  let left = start;
  while (left > 0 && start - left < 64 && isLocalPartCode(text.charCodeAt(left - 1))) left--;
  if (left > 0 && isLocalPartCode(text.charCodeAt(left - 1))) return undefined;
  while (left < start && !isAlphanumericCode(text.charCodeAt(left))) left++;
  if (left === start || fileExtension.test(text.slice(start, end))) return undefined;
  return { start: left, end };
}

const isIpv6Code = (code: number) => (code >= 48 && code <= 58) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
const isWordCode = (code: number) => isAlphanumericCode(code) || code === 95;

/** The longest IPv6 text form: `ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255`. Expansion stops there, so a run of colons costs linear time. */
const longestIpv6 = 45;

/**
 * The pattern finds a colon trigger and the rest of its run of hex digits, colons and dots; the address is that run
 * extended left to its start (at most {@link longestIpv6} characters in all). Trailing dots and colons (end of a
 * sentence, `[::1]:`) are not part of it.
 */
function acceptIpv6(text: string, start: number, end: number): Span | undefined {
  let left = start;
  while (left > 0 && start - left <= longestIpv6 && isIpv6Code(text.charCodeAt(left - 1))) left--;
  let right = end;
  while (right > start && (text.charCodeAt(right - 1) === 46 || text.charCodeAt(right - 1) === 58)) right--;
  if (right - left > longestIpv6) return undefined;
  if (left > 0 && (isWordCode(text.charCodeAt(left - 1)) || text.charCodeAt(left - 1) === 46)) return undefined;
  if (end < text.length && isWordCode(text.charCodeAt(end))) return undefined;
  return isIpv6Address(text.slice(left, right)) ? { start: left, end: right } : undefined;
}

/** An IBAN in compact or printed (groups of four) form: the prefix whose length fits the country. */
function acceptIban(text: string, start: number, end: number): Span | undefined {
  const expected = ibanLengths[text.slice(start, start + 2)];
  if (expected === undefined) return undefined;
  let compact = '';
  for (let index = start; index < end; index++) {
    const character = text[index] as string;
    if (character !== ' ') compact += character;
    if (compact.length === expected) {
      if (index + 1 < end && text[index + 1] !== ' ') return undefined;
      return isValidIban(compact) ? { start, end: index + 1 } : undefined;
    }
  }
  return undefined;
}

/** The detectors, most specific first: where two match at one place, the first that accepts wins. */
export const detectors: Detector[] = [
  ...markingDetectors,
  {
    // PEM private keys (PKCS#1, PKCS#8, SEC1, OpenSSH, encrypted with their header lines), also when a JSON string
    // escapes the newlines or the key was pasted on one line. Linear: the body is lines of base64, so a key cut off
    // before its END line is taken up to its last base64 line, and an unterminated BEGIN costs one pass.
    // @see https://www.rfc-editor.org/rfc/rfc7468
    kind: 'private-key',
    pattern: [
      String.raw`-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----`,
      String.raw`(?:${pemBreak}(?:[A-Za-z0-9+/]{16,}={0,2}|[A-Za-z-]+:[ \t][^\r\n\\]*))*`,
      String.raw`(?:${pemBreak}[A-Za-z0-9+/]{1,15}={0,2})?`,
      String.raw`(?:(?:\s|\\[rn])*-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----)?`,
    ].join(''),
  },
  {
    // @see https://www.rfc-editor.org/rfc/rfc7519
    kind: 'jwt',
    pattern: String.raw`e(?<![A-Za-z0-9_-]e)yJ${keyChars}{8,}\.${keyChars}{8,}\.${keyChars}*(?![A-Za-z0-9_-])`,
    accept: whole(isJsonWebToken),
  },
  // @see https://docs.anthropic.com/en/api/admin-api/apikeys/get-api-key
  { kind: 'anthropic-key', pattern: String.raw`s(?<![A-Za-z0-9_-]s)k-ant-${keyChars}{20,}` },
  {
    // Project, service-account, admin and legacy user keys. Other vendors' `sk-` keys land here as well.
    // @see https://platform.openai.com/docs/api-reference/authentication
    kind: 'openai-key',
    pattern: String.raw`s(?<![A-Za-z0-9_-]s)k-(?:(?:proj|svcacct|admin|None)-${keyChars}{20,}|[A-Za-z0-9]{32,}(?![A-Za-z0-9_-]))`,
  },
  {
    // Long-term (AKIA) and temporary (ASIA) access key ids; the secret access key has no recognisable shape.
    // @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
    kind: 'aws-access-key-id',
    pattern: String.raw`A(?<![A-Za-z0-9]A)(?:KIA|SIA|BIA|CCA)[A-Z0-9]{16}(?![A-Za-z0-9])`,
  },
  {
    // @see https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/
    kind: 'github-token',
    pattern: String.raw`g(?<![A-Za-z0-9_]g)(?:h[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9])|ithub_pat_[A-Za-z0-9_]{50,})`,
  },
  {
    // @see https://api.slack.com/authentication/token-types
    kind: 'slack-token',
    pattern: String.raw`x(?<![A-Za-z0-9_]x)(?:ox[abposr]-[A-Za-z0-9-]{10,}|app-[0-9]-[A-Za-z0-9-]{10,})`,
  },
  {
    // @see https://cloud.google.com/docs/authentication/api-keys
    kind: 'google-api-key',
    pattern: String.raw`A(?<![A-Za-z0-9_-]A)Iza${keyChars}{35}(?![A-Za-z0-9_-])`,
  },
  // @see https://docs.stripe.com/keys
  { kind: 'stripe-key', pattern: String.raw`[sr](?<![A-Za-z0-9_][sr])k_(?:live|test)_[A-Za-z0-9]{16,}` },
  {
    // Dot-atom addresses (RFC 5321 shapes that occur in text); quoted local parts and IP literals are left out.
    // @see https://www.rfc-editor.org/rfc/rfc5321#section-4.1.2
    kind: 'email',
    pattern: String.raw`@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])`,
    accept: acceptEmail,
  },
  {
    // @see https://www.iso.org/standard/81090.html (ISO 13616: groups of four, separated by single spaces)
    kind: 'iban',
    pattern: String.raw`[A-Z](?<![A-Za-z0-9][A-Z])[A-Z][0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])`,
    accept: acceptIban,
    opaque: true,
  },
  {
    kind: 'payment-card',
    pattern: String.raw`[0-9](?<![A-Za-z0-9_.,+-][0-9])(?:[ -]?[0-9]){12,18}(?![A-Za-z0-9_]|-[0-9]|[.,][0-9])`,
    accept: whole(isPaymentCard),
    opaque: true,
  },
  {
    kind: 'us-ssn',
    pattern: String.raw`[0-9](?<![A-Za-z0-9_.+-][0-9])[0-9]{2}-[0-9]{2}-[0-9]{4}(?![A-Za-z0-9_]|[.-][0-9])`,
    accept: whole(isUsSsn),
    opaque: true,
  },
  {
    kind: 'uk-nino',
    pattern: String.raw`[A-Z](?<![A-Za-z0-9][A-Z])[A-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?![A-Za-z0-9])`,
    accept: whole(isUkNino),
  },
  {
    // Triggered by `::` or three colon-separated groups (so `12:30:45` is not even a candidate); the candidate runs
    // on over hex digits, colons and dots, and a rejected run is skipped whole.
    kind: 'ipv6',
    pattern: String.raw`:(?::|${hex}{1,4}:${hex}{1,4}:)[0-9A-Fa-f:.]*`,
    accept: acceptIpv6,
    opaque: true,
  },
  {
    kind: 'ipv4',
    pattern: String.raw`[0-9](?<![A-Za-z0-9_.-][0-9])[0-9]{0,2}(?:\.[0-9]{1,3}){3}(?![A-Za-z0-9_]|\.[0-9]|-[A-Za-z0-9])`,
    accept: (text, start, end) =>
      isIpv4Address(text.slice(start, end), text.slice(Math.max(0, start - 24), start)) ? { start, end } : undefined,
  },
  {
    kind: 'phone',
    pattern: String.raw`\+(?<![A-Za-z0-9_+]\+)[1-9](?:[ .-]?(?:\([0-9]{1,4}\)|[0-9])){6,16}(?![0-9])`,
    accept: prefix(acceptInternationalPhone),
  },
  {
    // +1 (415) 555-2671 is taken by the international detector; this one takes the national forms.
    kind: 'phone',
    pattern: [
      String.raw`1(?<![A-Za-z0-9_+(.,-]1)[ .-](?:\([2-9][0-9]{2}\) ?|[2-9][0-9]{2}[ .-])${nanpRest}`,
      String.raw`\((?<![A-Za-z0-9_+(.,-]\()[2-9][0-9]{2}\) ?${nanpRest}`,
      String.raw`[2-9](?<![A-Za-z0-9_+(.,-][2-9])[0-9]{2}[ .-]${nanpRest}`,
    ].join('|'),
    accept: whole((candidate) => acceptNanpPhone(candidate) > 0),
  },
  {
    kind: 'phone',
    pattern: [
      String.raw`\((?<![A-Za-z0-9_+(.,/-]\()0[1-9][0-9]{0,3}\) ?[0-9]{2,8}(?:[ /.-][0-9]{2,8}){0,3}${nationalEnd}`,
      String.raw`0(?<![A-Za-z0-9_+(.,/-]0)[1-9][0-9]{0,4}(?:[ /.-][0-9]{2,8}){1,4}${nationalEnd}`,
    ].join('|'),
    accept: prefix(acceptNationalPhone),
  },
];
