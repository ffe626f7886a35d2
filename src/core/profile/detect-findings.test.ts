import { describe, expect, it } from 'vitest';
import { detectFindings } from './detect-findings.ts';
import type { FindingKind } from './finding.ts';

/** Fake credentials are assembled from parts so that no scanner mistakes this file for a leak. */
const fake = (...parts: string[]) => parts.join('');
const base64Url = (value: string) => btoa(value).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const jwt = [base64Url('{"alg":"HS256","typ":"JWT"}'), base64Url('{"sub":"1234567890","name":"Jane"}'), 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'].join('.');

/** Values found, each inside a short sentence: [label, kind, value]. */
const truePositives: Array<[string, FindingKind, string]> = [
  ['email', 'email', 'john.doe@example.com'],
  ['email with tag and subdomain', 'email', 'first.last+tag@mail.example.co.uk'],
  ['E.164 with spaces', 'phone', '+1 415 555 2671'],
  ['E.164 compact', 'phone', '+4915123456789'],
  ['UK international', 'phone', '+44 20 7946 0958'],
  ['German with (0)', 'phone', '+49 (0)30 1234567'],
  ['French international', 'phone', '+33 1 23 45 67 89'],
  ['US (NXX) NXX-XXXX', 'phone', '(415) 555-2671'],
  ['US dashes', 'phone', '415-555-2671'],
  ['US dots', 'phone', '415.555.2671'],
  ['US with trunk 1', 'phone', '1-800-555-0199'],
  ['Berlin national', 'phone', '030 12345678'],
  ['London national', 'phone', '020 7946 0958'],
  ['UK mobile', 'phone', '07700 900123'],
  ['French national', 'phone', '01 23 45 67 89'],
  ['French dotted', 'phone', '01.23.45.67.89'],
  ['German slash', 'phone', '089/1234567'],
  ['German parenthesised area', 'phone', '(030) 1234567'],
  ['IBAN DE printed', 'iban', 'DE89 3704 0044 0532 0130 00'],
  ['IBAN DE compact', 'iban', 'DE89370400440532013000'],
  ['IBAN GB', 'iban', 'GB82 WEST 1234 5698 7654 32'],
  ['IBAN FR', 'iban', 'FR14 2004 1010 0505 0001 3M02 606'],
  ['IBAN NL', 'iban', 'NL91ABNA0417164300'],
  ['IBAN BE (16, a multiple of 4)', 'iban', 'BE68 5390 0754 7034'],
  ['IBAN NO (15)', 'iban', 'NO93 8601 1117 947'],
  ['IBAN MT (31)', 'iban', 'MT84 MALT 0110 0001 2345 MTLC AST0 01S'],
  ['Visa grouped', 'payment-card', '4111 1111 1111 1111'],
  ['Visa compact', 'payment-card', '4012888888881881'],
  ['Mastercard dashes', 'payment-card', '5555-5555-5555-4444'],
  ['Mastercard 2-series', 'payment-card', '2223 0031 2200 3222'],
  ['Amex 4-6-5', 'payment-card', '3782 822463 10005'],
  ['Discover', 'payment-card', '6011 1111 1111 1117'],
  ['JCB', 'payment-card', '3530111333300000'],
  ['Diners 4-6-4', 'payment-card', '3056 930902 5904'],
  ['US SSN', 'us-ssn', '536-22-1234'],
  ['UK NINO compact', 'uk-nino', 'AB123456C'],
  ['UK NINO spaced', 'uk-nino', 'AB 12 34 56 C'],
  ['IPv4', 'ipv4', '192.168.1.20'],
  ['IPv4 public', 'ipv4', '8.8.8.8'],
  ['IPv6 compressed', 'ipv6', '2001:db8::8a2e:370:7334'],
  ['IPv6 full', 'ipv6', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
  ['IPv6 link-local', 'ipv6', 'fe80::1ff:fe23:4567:890a'],
  ['IPv6 mapped IPv4', 'ipv6', '::ffff:192.0.2.128'],
  ['OpenAI project key', 'openai-key', fake('sk-', 'proj-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z', '_-Q')],
  ['OpenAI legacy key', 'openai-key', fake('sk-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb3dEf6hIj9kLm2n')],
  ['Anthropic key', 'anthropic-key', fake('sk-', 'ant-', 'api03-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z-AA')],
  ['AWS access key id', 'aws-access-key-id', fake('AKIA', 'IOSFODNN7EXAMPLE')],
  ['GitHub classic token', 'github-token', fake('ghp_', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb3d')],
  ['GitHub fine-grained token', 'github-token', fake('github_pat_', '11ABCDEFG0123456789_', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb3dEf6hIj9kLm2nOp5qRs8t')],
  ['Slack bot token', 'slack-token', fake('xoxb-', '123456789012-1234567890123-', 'Ab3dEf6hIj9kLm2nOp5qRs8t')],
  ['Google API key', 'google-api-key', fake('AIza', 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q')],
  ['Stripe live key', 'stripe-key', fake('sk_', 'live_', '51Ab3dEf6hIj9kLm2nOp5qRs8t')],
  ['PEM private key', 'private-key', fake('-----BEGIN ', 'RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\nKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ==\n-----END ', 'RSA PRIVATE KEY-----')],
  ['PEM key in a JSON string', 'private-key', fake('-----BEGIN ', 'PRIVATE KEY-----\\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\\n-----END ', 'PRIVATE KEY-----')],
  ['JWT', 'jwt', jwt],
];

describe('detectFindings: true positives', () => {
  it.each(truePositives)('%s', (_label, kind, value) => {
    const text = `Details: ${value}, thanks.`;
    const findings = detectFindings(text);
    expect(findings.map((finding) => [finding.kind, text.slice(finding.start, finding.end)])).toEqual([[kind, value]]);
  });
});

/** Text with nothing to find: [label, text]. */
const trickyNegatives: Array<[string, string]> = [
  ['card failing Luhn', '4111 1111 1111 1112'],
  ['card with unknown IIN', '9111 1111 1111 1119'],
  ['card in an odd grouping', '4111 11 1111 1111 11'],
  ['16-digit order id without brand', '1000200030004000'],
  ['IBAN with wrong checksum', 'DE88 3704 0044 0532 0130 00'],
  ['IBAN with one digit changed', 'DE89 3704 0044 0532 0130 01'],
  ['IBAN too short for its country', 'DE89 3704 0044 0532 0130 0'],
  ['IBAN of a country without IBANs', 'US64 SVBK US6S 3300 9673 86'],
  ['version string with v', 'v1.2.3.4'],
  ['version word', 'version 1.2.3.4'],
  ['browser version', 'Chrome 120.0.6099.109'],
  ['node version', 'node 20.20.2'],
  ['pre-release version', '1.2.3.4-beta'],
  ['five-part version', '1.2.3.4.5'],
  ['octet over 255', '256.10.10.10'],
  ['leading zeros', '010.001.002.003'],
  ['ISO date', '2024-05-20'],
  ['date and time', '2024-05-15 15:00:00'],
  ['European date', '20.05.2024'],
  ['slashed date', '01/05/2024'],
  ['date and time, dashed', '01-05-2024 10:30'],
  ['US date', '05/20/2024'],
  ['ISBN-13', '978-3-16-148410-0'],
  ['ISBN-13 compact', '9783161484100'],
  ['ISBN-10', '0-306-40615-2'],
  ['UUID', '123e4567-e89b-12d3-a456-426614174000'],
  ['digit-only UUID', '12345678-1234-1234-1234-123456789012'],
  ['git SHA', '3f786850e387550fdab836ed7e6dc881de23001b'],
  ['short git SHA', 'commit 4421486'],
  ['plain 10-digit number', 'id 4155552671'],
  ['plain 7-digit id', 'credit_card_4421486'],
  ['NANP area starting with 1', '123-456-7890'],
  ['NANP exchange starting with 1', '555-123-4567'],
  ['amount', '$1,234,567.89'],
  ['plus one', 'I agree, +1 to that'],
  ['plus with single digits', '+1 2 3 4 5 6 7 8'],
  ['time', '12:30:45'],
  ['MAC address', '00:1A:2B:3C:4D:5E'],
  ['C++ scope', 'std::vector<int>'],
  ['Python slice', 'a[1::2]'],
  ['Ruby constant', 'Add::Face'],
  ['loopback IPv6', '::1'],
  ['SSN area 000', '000-12-3456'],
  ['SSN area 666', '666-12-3456'],
  ['SSN area 9xx', '912-34-5678'],
  ['SSN group 00', '123-00-4567'],
  ['SSN serial 0000', '123-45-0000'],
  ['SSN from a wallet insert', '078-05-1120'],
  ['NINO with GB prefix', 'GB123456A'],
  ['NINO starting with Q', 'QQ123456C'],
  ['NINO second letter O', 'AO123456A'],
  ['NINO suffix E', 'AB123456E'],
  ['image at 2x', 'logo@2x.png'],
  ['mention', 'ping @alice about it'],
  ['host without TLD', 'user@localhost'],
  ['sk- in a word', 'task-management and desk-1234'],
  ['short sk- key', fake('sk-', 'abc123')],
  ['AKIA too short', fake('AKIA', '1234')],
  ['eyJ that is not a JWT', `${base64Url('{"foo":1}')}.abcdefghijkl.mnopqrstuv`],
  ['secret in prose', 'the secret to good bread is time'],
  ['SECRET in prose', 'The SECRET to good bread is time'],
  ['title case', 'Top Secret'],
  ['SECRET starting a sentence', 'SECRET SAUCE recipe'],
  ['marking-like word', 'SECRETARY'],
  ['marking not at line start', 'This is SECRET//NOFORN material'],
  ['CONFIDENTIAL starting prose', 'CONFIDENTIAL information follows below'],
  ['copyright', '(C) 2024 Acme Corp'],
  ['lower-case portion', '(s) plural'],
];

describe('detectFindings: tricky negatives', () => {
  it.each(trickyNegatives)('%s', (_label, value) => {
    const text = `Details: ${value}\nnext line`;
    expect(detectFindings(text).map((finding) => [finding.kind, text.slice(finding.start, finding.end)])).toEqual([]);
  });
});

describe('detectFindings: classification markings', () => {
  it.each([
    ['banner with caveat', 'SECRET//NOFORN\nThe plan.', 'SECRET//NOFORN'],
    ['banner with SCI and caveat', 'TOP SECRET//SCI//NOFORN\nText', 'TOP SECRET//SCI//NOFORN'],
    ['SCI control systems', 'TOP SECRET//SI/TK//NOFORN', 'TOP SECRET//SI/TK//NOFORN'],
    ['release to', 'SECRET//REL TO USA, GBR\n', 'SECRET//REL TO USA, GBR'],
    ['alone on a line', 'Memo\nTOP SECRET\nText', 'TOP SECRET'],
    ['unclassified', 'UNCLASSIFIED\n', 'UNCLASSIFIED'],
    ['CUI', 'CUI\nText', 'CUI'],
    ['CUI category', 'CUI//SP-PRVCY\nText', 'CUI//SP-PRVCY'],
    ['CONTROLLED banner', 'CONTROLLED//FEDCON', 'CONTROLLED//FEDCON'],
    ['CONFIDENTIAL alone', 'CONFIDENTIAL\r\nText', 'CONFIDENTIAL'],
    ['UK OFFICIAL-SENSITIVE', 'OFFICIAL-SENSITIVE\nText', 'OFFICIAL-SENSITIVE'],
    ['UK OFFICIAL', 'OFFICIAL\nText', 'OFFICIAL'],
    ['banner followed by prose', 'SECRET//NOFORN This memo explains', 'SECRET//NOFORN'],
    ['indented, in markdown bold', 'Intro\n   **SECRET**\n', 'SECRET'],
    ['portion marking', 'Intro. (S//NF) The source said', '(S//NF)'],
    ['portion marking with SCI', '(TS//SI//NF) Report', '(TS//SI//NF)'],
    ['portion marking FOUO', '(U//FOUO) Routine', '(U//FOUO)'],
    ['bare portion marking at a paragraph start', 'Intro\n(S) The source said', '(S)'],
  ])('%s', (_label, text, marking) => {
    const findings = detectFindings(text).filter((finding) => finding.kind === 'classification-marking');
    expect(findings.map((finding) => text.slice(finding.start, finding.end))).toEqual([marking]);
  });
});

describe('detectFindings: several findings', () => {
  it('finds each in order, without overlap, with exact positions', () => {
    const text = 'Mail a@example.org or call +1 415 555 2671; card 4111-1111-1111-1111; from 10.0.0.1.';
    const found = detectFindings(text).map((finding) => [finding.kind, text.slice(finding.start, finding.end)]);
    expect(found).toEqual([
      ['email', 'a@example.org'],
      ['phone', '+1 415 555 2671'],
      ['payment-card', '4111-1111-1111-1111'],
      ['ipv4', '10.0.0.1'],
    ]);
  });

  it('drops a trailing group that cannot belong to a printed IBAN', () => {
    const text = 'IBAN BE68 5390 0754 7034 2024 payment';
    const [finding] = detectFindings(text);
    expect(finding && text.slice(finding.start, finding.end)).toBe('BE68 5390 0754 7034');
  });

  it('is reentrant: the same text gives the same findings twice', () => {
    const text = 'x@example.com 8.8.8.8';
    expect(detectFindings(text)).toEqual(detectFindings(text));
  });
});

const b64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
const pct = (text: string) => [...new TextEncoder().encode(text)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
const awsKey = fake('AKIA', 'IOSFODNN7EXAMPLE');
const openaiKey = fake('sk-', 'proj-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z', '_-Q');

/** Variants of personal data and credentials: [label, kind, value as written]. Each is found exactly where written. */
const variants: Array<[string, FindingKind, string]> = [
  ['IBAN in lower case', 'iban', 'de89 3704 0044 0532 0130 00'],
  ['IBAN with dashes', 'iban', 'DE89-3704-0044-0532-0130-00'],
  ['IBAN compact, lower case', 'iban', 'gb82west12345698765432'],
  ['IBAN in fullwidth', 'iban', '\uFF24\uFF25\uFF18\uFF19 \uFF13\uFF17\uFF10\uFF14 \uFF10\uFF10\uFF14\uFF14 \uFF10\uFF15\uFF13\uFF12 \uFF10\uFF11\uFF13\uFF10 \uFF10\uFF10'],
  ['phone with 00 and spaces', 'phone', '0049 30 1234567'],
  ['phone with 00 and dashes', 'phone', '0044-20-7946-0958'],
  ['phone with 001', 'phone', '001 415 555 2671'],
  ['phone in fullwidth digits', 'phone', '\uFF0B\uFF14\uFF19 \uFF13\uFF10 \uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17'],
  ['phone with Arabic-Indic digits', 'phone', '+\u0664\u0669 \u0663\u0660 \u0661\u0662\u0663\u0664\u0665\u0666\u0667'],
  ['phone with a zero-width space', 'phone', '+49 30\u200B 1234567'],
  ['e-mail with umlauts', 'email', 'j\u00FCrgen.m\u00FCller@b\u00FCcher.de'],
  ['e-mail in Chinese', 'email', '\u7528\u6237@\u4F8B\u5B50.\u5E7F\u544A'],
  ['e-mail in Cyrillic', 'email', '\u0438\u0432\u0430\u043D@\u043F\u0440\u0438\u043C\u0435\u0440.\u0440\u0444'],
  ['e-mail with a punycode domain', 'email', 'anna@xn--bcher-kva.de'],
  ['e-mail with fullwidth signs', 'email', 'anna\uFF20example\uFF0Ede'],
  ['percent-encoded e-mail', 'email', 'anna.schmidt%40example.de'],
  ['e-mail as character references', 'email', 'anna&#64;example&#46;de'],
  ['e-mail as named references', 'email', 'anna&commat;example&period;de'],
  ['base64 e-mail', 'email', b64('anna.schmidt@example.de')],
  ['base64 of percent-encoding (two levels)', 'email', b64(pct('anna@example.de'))],
  ['key with an upper-case prefix', 'openai-key', openaiKey.replace('sk-proj-', 'SK-PROJ-')],
  ['AWS key id in lower case', 'aws-access-key-id', awsKey.toLowerCase()],
  ['AWS key id, prefix in title case', 'aws-access-key-id', `Akia${awsKey.slice(4)}`],
  ['GitHub token, prefix upper case', 'github-token', fake('GHP_', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb3d')],
  ['private key in lower case', 'private-key', fake('-----begin ', 'private key-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----end ', 'private key-----')],
  ['AWS key id split by spaces', 'aws-access-key-id', 'AKIA IOSF ODNN 7EXA MPLE'],
  ['key split over lines', 'openai-key', `${openaiKey.slice(0, 20)}\n${openaiKey.slice(20)}`],
  ['key split over an escaped line break', 'openai-key', `${openaiKey.slice(0, 20)}\\n${openaiKey.slice(20)}`],
  ['Slack token split after a dash', 'slack-token', fake('xoxb-', '123456789012-\n', '1234567890123-Ab3dEf6hIj9kLm2nOp5qRs8t')],
  ['key with zero-width spaces', 'openai-key', `${openaiKey.slice(0, 12)}\u200B${openaiKey.slice(12)}`],
  ['key in fullwidth', 'aws-access-key-id', [...awsKey].map((character) => String.fromCharCode(character.charCodeAt(0) + 0xfee0)).join('')],
  ['key with look-alike letters', 'aws-access-key-id', `\u0410KI\u0410${awsKey.slice(4)}`],
  ['base64 key', 'aws-access-key-id', b64(awsKey)],
  ['base64url key', 'openai-key', b64(openaiKey).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')],
  ['percent-encoded key', 'aws-access-key-id', pct(awsKey)],
  ['\\u-escaped key', 'aws-access-key-id', [...awsKey].map((character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')],
  ['\\x-escaped prefix', 'openai-key', `\\x73\\x6b-${openaiKey.slice(3)}`],
];

describe('detectFindings: variants of personal data and credentials', () => {
  it.each(variants)('%s', (_label, kind, value) => {
    const text = `Details: ${value} , thanks.`;
    const findings = detectFindings(text).filter((finding) => finding.kind === kind);
    expect(findings.map((finding) => text.slice(finding.start, finding.end))).toEqual([value]);
  });
});

/** Text near the variants that must stay clean: [label, text]. */
const variantNegatives: Array<[string, string]> = [
  ['zero-padded invoice number', 'invoice 0012345678'],
  ['word starting like an AWS prefix', 'asiapacificeconomic'],
  ['sk- as a word', 'sk-learn is a library for machine learning'],
  ['SK- series', 'the SK- series of cameras'],
  ['identifiers with underscores', 'scheduled_departure_time_est mohamed_hernandez_5188'],
  ['camel-case identifier', 'getReservationDetailsForCustomer'],
  ['hex digest', 'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
  ['percent in prose', '100% sure, 50 % off'],
  ['ampersand in prose', 'R&D and Q&A, &c.'],
  ['Windows path', 'C:\\new\\table\\x'],
  ['lower-case country-like words before numbers', 'at 10 am on 12 may 2024'],
  ['Base64 of binary data', 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='],
  ['accented prose', 'Caf\u00E9 cr\u00E8me br\u00FBl\u00E9e \u2014 tr\u00E8s bien'],
  ['emoji', 'Thanks \u{1F600}\u{1F44D}\u{1F3FD} see you'],
];

describe('detectFindings: near misses of the variants', () => {
  it.each(variantNegatives)('%s', (_label, text) => {
    expect(detectFindings(text).map((finding) => [finding.kind, text.slice(finding.start, finding.end)])).toEqual([]);
  });
});
