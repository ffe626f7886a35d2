import { markingDetectors } from './classification-marking.ts';
import type { Detector } from './detector.ts';
import type { Span } from './finding.ts';
import { ibanLengths, isValidIban } from './iban.ts';
import { isIpv4Address } from './ipv4.ts';
import { isIpv6Address } from './ipv6.ts';
import { isPaymentCard } from './payment-card.ts';
import { acceptInternationalPhone, acceptNanpPhone, acceptNationalPhone } from './phone-number.ts';
import { isUkNino } from './uk-nino.ts';
import { isUsSsn } from './us-ssn.ts';
import { credentialDetector, privateKeyDetector } from './secret-detectors.ts';

const hex = '[0-9A-Fa-f]';
/** Exchange and line number of a North American number: NXX-XXXX. */
const nanpRest = String.raw`[2-9][0-9]{2}[ .-][0-9]{4}(?![0-9]|[.-][0-9])`;
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
  code === 46 || code === 95 || code === 37 || code === 43 || code === 45 || code >= 0xc0;
const isAlphanumericCode = (code: number) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const fileExtension = /\.(?:png|jpe?g|gif|svg|webp|ico|bmp|tiff?|avif|pdf)$/i;

/** The pattern finds `@domain`; the local part (at most 64 characters, starting with a letter or digit) is read leftwards. */
function acceptEmail(text: string, start: number, end: number): Span | undefined {
  let left = start;
  while (left > 0 && start - left < 64 && isLocalPartCode(text.charCodeAt(left - 1))) left--;
  if (left > 0 && isLocalPartCode(text.charCodeAt(left - 1))) return undefined;
  while (left < start && !isAlphanumericCode(text.charCodeAt(left)) && text.charCodeAt(left) < 0xc0) left++;
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

const isIbanSeparator = (character: string | undefined) => character === ' ' || character === '-';

const isLetterCode = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/**
 * An IBAN in compact or printed form (groups of four after the check digits, separated by spaces or by dashes,
 * one kind in one IBAN), in any case: the pattern starts at the first check digit, the country code (two letters
 * starting a word) is read before it, and the IBAN is the prefix whose length fits the country.
 */
function acceptIban(text: string, start: number, end: number): Span | undefined {
  const countryStart = start - 2;
  if (countryStart < 0 || !isLetterCode(text.charCodeAt(countryStart)) || (countryStart > 0 && isAlphanumericCode(text.charCodeAt(countryStart - 1)))) return undefined;
  const country = text.slice(countryStart, start).toUpperCase();
  const expected = ibanLengths[country];
  if (expected === undefined) return undefined;
  let separator: string | undefined;
  let compact = country;
  for (let index = start; index < end; index++) {
    const character = text[index] as string;
    if (isIbanSeparator(character)) {
      if (separator !== undefined && separator !== character) return undefined;
      separator = character;
      continue;
    }
    compact += character.toUpperCase();
    if (compact.length === expected) {
      if (index + 1 < end && !isIbanSeparator(text[index + 1])) return undefined;
      return isValidIban(compact) ? { start: countryStart, end: index + 1 } : undefined;
    }
  }
  return undefined;
}

/** A National Insurance number whose digits start at `start`: `QQ123456C` or `QQ 12 34 56 C`, in any case. */
function acceptUkNino(text: string, start: number, end: number): Span | undefined {
  const letters = start - (text.charCodeAt(start - 1) === 32 ? 3 : 2);
  if (letters < 0 || (letters > 0 && isAlphanumericCode(text.charCodeAt(letters - 1)))) return undefined;
  return isUkNino(text.slice(letters, end).toUpperCase()) ? { start: letters, end } : undefined;
}

/** ITU-T E.164 country calling codes (the assigned prefixes), for numbers written with the `00` international prefix. */
const countryCallingCode = /^(?:1|7|2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58]|2[1-689][0-9]|3[578][0-9]|42[0-3]|50[0-9]|59[0-9]|6[7-9][0-9]|8[05][0-9]|8[78][0-9]|96[0-8]|97[0-7]|99[2-8])/;
const phoneSeparator = /[ .()-]/;
/** Words that, shortly before a run of digits, say it is a phone number. */
const phoneContext = /(?:tel|phone|call|mobile|cell|fax|whatsapp|signal|sms|ring|nummer|num[eé]ro|telefon|t[eé]l[eé]phone|handy)[^0-9\n]{0,16}$/i;

/**
 * `00` and a country calling code, the international prefix of most of the world (`0049 30 1234567`,
 * `0044-20-7946-0958`): read as `+`. Without a separator the number must follow a word such as "phone" or "call",
 * so zero-padded order numbers are not taken for phone numbers.
 */
function acceptZeroZeroPhone(text: string, start: number, end: number): Span | undefined {
  const candidate = text.slice(start, end);
  const offset = isIbanSeparator(candidate[2]) || candidate[2] === '.' ? 3 : 2;
  const number = candidate.slice(offset);
  if (!countryCallingCode.test(number)) return undefined;
  const length = acceptInternationalPhone(`+${number}`) - 1;
  if (length <= 0) return undefined;
  if (!phoneSeparator.test(candidate.slice(0, offset + length)) && !phoneContext.test(text.slice(Math.max(0, start - 40), start))) return undefined;
  return { start, end: start + offset + length };
}

/**
 * Personal data and PEM private keys, most specific first: where two match at one place, the first that accepts
 * wins. Markings and credentials are passes of their own (see {@link detectorPasses}).
 */
export const detectors: Detector[] = [
  privateKeyDetector,
  {
    // Dot-atom addresses (RFC 5321 shapes that occur in text); quoted local parts and IP literals are left out.
    // @see https://www.rfc-editor.org/rfc/rfc5321#section-4.1.2
    kind: 'email',
    // Internationalised addresses too: letters of any script in the local part and the domain, `xn--` labels.
    // @see https://www.rfc-editor.org/rfc/rfc6531
    pattern: String.raw`@(?:[A-Za-z0-9\u00C0-\uFFFF](?:[A-Za-z0-9\u00C0-\uFFFF-]{0,61}[A-Za-z0-9\u00C0-\uFFFF])?\.)+(?:[A-Za-z\u00C0-\uFFFF]{2,24}|[Xx][Nn]--[A-Za-z0-9-]{1,59})(?![A-Za-z0-9\u00C0-\uFFFF-])`,
    accept: acceptEmail,
  },
  {
    // Starts at the first check digit (digits are where the detectors look already), the country code before it.
    // @see https://www.iso.org/standard/81090.html (ISO 13616: groups of four, separated by single spaces)
    kind: 'iban',
    // Only negative lookbehinds: V8 runs a positive one on every digit several times slower.
    pattern: String.raw`[0-9](?<![^A-Za-z][0-9])(?<!^[0-9])[0-9](?:[ -]?[A-Za-z0-9]{4}){2,7}(?:[ -]?[A-Za-z0-9]{1,4})?(?![A-Za-z0-9])`,
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
    // Starts at the first digit (digits are where the detectors look already), the two letters read before it.
    kind: 'uk-nino',
    pattern: String.raw`[0-9](?<![^A-Za-z ][0-9])(?<!^[0-9])[0-9] ?[0-9]{2} ?[0-9]{2} ?[A-Da-d](?![A-Za-z0-9])`,
    accept: acceptUkNino,
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
    kind: 'phone',
    pattern: String.raw`0(?<![A-Za-z0-9_+(.,/-]0)0[ .-]?[1-9](?:[ .-]?(?:\([0-9]{1,4}\)|[0-9])){6,16}(?![0-9])`,
    accept: acceptZeroZeroPhone,
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

/**
 * The detectors in passes, each pass one expression: classification markings, personal data, credentials. V8
 * skips text fastest when few characters can start a match, so three expressions with small sets of first
 * characters (upper-case letters and a few signs; digits and signs; a few letters) cost less than one with all of
 * them (measured on the tau-bench corpus, `bench/route.ts`: 8.7 ms against 11.6 ms for one expression).
 */
export const detectorPasses: Detector[][] = [markingDetectors, detectors, [credentialDetector]];

