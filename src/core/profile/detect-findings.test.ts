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
