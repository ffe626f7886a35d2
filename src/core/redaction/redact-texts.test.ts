import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { profileText } from '../profile/profile-text.ts';
import { foundValues } from './found-values.ts';
import { isRedactableFinding, redactTexts, type RedactionMode } from './redact-texts.ts';
import { createValueScrubber } from './scrub-values.ts';
import { splitAt } from './test-support.ts';

const values = {
  email: ['anna.schmidt@example.de', 'bob@mail.example.org', 'j.doe+tag@example.co.uk'],
  phone: ['+49 30 1234567', '(415) 555-2671', '+44 20 7946 0958'],
  iban: ['DE89 3704 0044 0532 0130 00', 'GB82WEST12345698765432', 'NL91ABNA0417164300'],
  'payment-card': ['4111 1111 1111 1111'],
  'us-ssn': ['536-22-1234'],
  ipv4: ['192.168.1.20'],
  ipv6: ['2001:db8::8a2e:370:7334'],
};
const allValues = Object.values(values).flat();
const openaiKey = ['sk-', 'proj-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z', '_-Q'].join('');

function redact(texts: string[], mode: RedactionMode = 'placeholder') {
  const profile = profileText(texts);
  return { profile, ...redactTexts(texts, profile.findings, mode) };
}

/** Texts mixing words, personal values, placeholder look-alikes and pseudonym look-alikes. */
const text = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('Please ', 'write to ', 'call ', 'pay into ', ', ', '. ', '\n', 'and ') },
      { weight: 3, arbitrary: fc.constantFrom(...allValues).map((value) => ` ${value} `) },
      { weight: 1, arbitrary: fc.constantFrom('[EMAIL_1]', '[PHONE_', 'person1@example.invalid', '+1 201 555 0100', '[', ']') },
    ),
    { maxLength: 16 },
  )
  .map((pieces) => pieces.join(''));

/** Like `text`, with values also glued to what stands around them (`anna.schmidt@example.de192.168.1.20`). */
const gluedText = fc
  .array(fc.oneof(fc.constantFrom('Please ', 'write to ', '. ', 'Thanks', 'Done.'), fc.constantFrom(...allValues), fc.constantFrom('[EMAIL_1]', 'person1@example.invalid')), { maxLength: 12 })
  .map((pieces) => pieces.join(''));

describe('redactTexts', () => {
  it('replaces each value with a typed placeholder, the same value with the same one', () => {
    const texts = ['Mail anna.schmidt@example.de or call +49 30 1234567.', 'Again: anna.schmidt@example.de, and bob@mail.example.org'];
    const { texts: redacted, restorer } = redact(texts);
    expect(redacted).toEqual(['Mail [EMAIL_1] or call [PHONE_1].', 'Again: [EMAIL_1], and [EMAIL_2]']);
    expect(restorer.size).toBe(3);
    expect(redacted.map((item) => restorer.restoreText(item))).toEqual(texts);
  });

  it('numbers by first appearance, so resending the history keeps the placeholders of earlier turns', () => {
    const first = redact(['Write to anna.schmidt@example.de']).texts;
    const second = redact(['Write to anna.schmidt@example.de', 'Done, anna.schmidt@example.de', 'Now bob@mail.example.org']).texts;
    expect(second[0]).toBe(first[0]);
    expect(second[2]).toBe('Now [EMAIL_2]');
  });

  it('replaces every occurrence of a found value, also where the detector did not find it', () => {
    const texts = ['IP 192.168.1.20 is ours', 'host=192.168.1.20x'];
    const { profile, texts: redacted } = redact(texts);
    expect(profile.findings.filter((finding) => finding.text === 1)).toEqual([]);
    expect(redacted).toEqual(['IP [IPV4_1] is ours', 'host=[IPV4_1]x']);
  });

  it('skips a placeholder the text already contains', () => {
    const { texts: redacted, restorer } = redact(['Template [EMAIL_1] for anna.schmidt@example.de']);
    expect(redacted).toEqual(['Template [EMAIL_1] for [EMAIL_2]']);
    expect(restorer.restoreText('[EMAIL_1] [EMAIL_2]')).toBe('[EMAIL_1] anna.schmidt@example.de');
  });

  it('skips every placeholder and pseudonym the texts already hold, however many, numbering on in order', () => {
    // Tokens are checked in batches; a request holding the first 40 takes several batches to get past them.
    const taken = Array.from({ length: 40 }, (_, index) => `[EMAIL_${index + 1}]`).join(' ');
    const pseudonyms = Array.from({ length: 40 }, (_, index) => `person${index + 1}@example.invalid`).join(' ');
    const texts = [taken, 'Write to a@example.de, b@example.de', 'and [EMAIL_42] c@example.de', pseudonyms];
    expect(redact(texts).texts.slice(1, 3)).toEqual(['Write to [EMAIL_41], [EMAIL_43]', 'and [EMAIL_42] [EMAIL_44]']);
    // The pseudonyms in the texts are found values themselves (addresses), so they are replaced too, by placeholders.
    expect(redact(texts.slice(0, 3), 'pseudonym').texts.slice(1)).toEqual(['Write to person1@example.invalid, person2@example.invalid', 'and [EMAIL_42] person3@example.invalid']);
  });

  it('redacts credentials but not classification markings', () => {
    const { texts: redacted } = redact([`SECRET//NOFORN\nuse ${openaiKey} for it`]);
    expect(redacted).toEqual(['SECRET//NOFORN\nuse [OPENAI_KEY_1] for it']);
  });

  it('pseudonymises with realistic stand-ins from reserved ranges, and keeps placeholders for credentials', () => {
    const texts = [`anna.schmidt@example.de, +49 30 1234567, DE89 3704 0044 0532 0130 00, 192.168.1.20, ${openaiKey}`];
    const { texts: redacted, restorer } = redact(texts, 'pseudonym');
    expect(redacted).toEqual(['person1@example.invalid, +1 201 555 0100, XX00 0000 0000 0000 0000, 192.0.2.100, [OPENAI_KEY_1]']);
    expect(restorer.restoreText(redacted[0]!)).toBe(texts[0]);
  });

  it('restores into JSON arguments with the value escaped for a JSON string', () => {
    const pem = ['-----BEGIN ', 'RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END ', 'RSA PRIVATE KEY-----'].join('');
    const { texts: redacted, restorer } = redact([`key: ${pem}`]);
    expect(redacted).toEqual(['key: [PRIVATE_KEY_1]']);
    expect(JSON.parse(restorer.restoreJson('{"key":"[PRIVATE_KEY_1]"}'))).toEqual({ key: pem });
  });

  it('does not show the mapping when serialised', () => {
    const { restorer } = redact(['anna.schmidt@example.de']);
    expect(JSON.stringify({ restorer })).toBe('{"restorer":{"size":1}}');
  });

  it.each<RedactionMode>(['placeholder', 'pseudonym'])(
    '%s: the redacted texts hold no value, restore exactly, and a streamed restore equals the whole one for any split',
    (mode) => {
      fc.assert(
        fc.property(fc.array(text, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { maxLength: 10 }), (texts, cuts) => {
          const { profile, texts: redacted, restorer } = redact(texts, mode);
          const found = foundValues(texts, profile.findings.filter(isRedactableFinding)).map(({ value }) => value);
          for (const value of found) for (const item of [...redacted, redacted.join('')]) expect(item).not.toContain(value);
          // A value split over two texts comes back whole where its first piece stood: the texts glued restore exactly,
          // and each text on its own does unless a value runs over its edges.
          expect(restorer.restoreText(redacted.join(''))).toBe(texts.join(''));
          const split = foundValues(texts, profile.findings.filter(isRedactableFinding), { everyOccurrence: true }).some(({ pieces }) => pieces.length > 1);
          if (!split) expect(redacted.map((item) => restorer.restoreText(item))).toEqual(texts);
          const answer = redacted.join(' | ');
          const stream = restorer.textStream();
          const streamed = splitAt(answer, cuts).map((chunk) => stream.push(chunk)).join('') + stream.flush();
          expect(streamed).toBe(restorer.restoreText(answer));
        }),
        { numRuns: 500 },
      );
    },
  );

  it('finds every value the workload carries', () => {
    const { profile } = redact([allValues.join(' ; ')]);
    expect(profile.findings).toHaveLength(allValues.length);
  });

  it('redacts overlapping findings as one span, so no part of either value is left', () => {
    const texts = ['key=am9obi5kb2VAZXhhbXBsZS5jb20= and 10.0.0.1'];
    const start = texts[0]!.indexOf('am9o');
    const end = texts[0]!.indexOf(' and');
    const findings = [
      { kind: 'email' as const, start, end, text: 0 },
      { kind: 'ipv4' as const, start: start + 4, end: start + 12, text: 0 },
      { kind: 'ipv4' as const, start: texts[0]!.indexOf('10.0'), end: texts[0]!.length, text: 0 },
    ];
    const { texts: redacted, restorer } = redactTexts(texts, findings);
    expect(redacted).toEqual(['key=[EMAIL_1] and [IPV4_1]']);
    expect(restorer.restoreText(redacted[0]!)).toBe(texts[0]);
  });

  describe('a value split over adjacent texts', () => {
    it('gets one token where its first piece stood; its other pieces go, and nothing else changes', () => {
      const texts = ['Every Editor: write to E', '@example.com. Every E stays.'];
      const { texts: redacted, restorer } = redact(texts);
      expect(redacted).toEqual(['Every Editor: write to [EMAIL_1]', '. Every E stays.']);
      expect(restorer.restoreText(redacted.join(''))).toBe(texts.join(''));
      expect(restorer.restoreText('Sent to [EMAIL_1].')).toBe('Sent to E@example.com.');
    });

    it('over three texts, and with the same value whole elsewhere, keeps one token for it', () => {
      const texts = ['Mail anna.', 'schmidt', '@example.de or', ' anna.schmidt@example.de.'];
      const { texts: redacted, restorer } = redact(texts, 'pseudonym');
      expect(redacted).toEqual(['Mail person1@example.invalid', '', ' or', ' person1@example.invalid.']);
      expect(restorer.restoreText(redacted.join(''))).toBe(texts.join(''));
    });

    it('leaves what stands between the pieces alone (an id, another part), and redacts a key cut late whole', () => {
      const texts = ['owner anna.schmidt', 'call_two', '@example.de today'];
      const running = [true, false, true];
      const profile = profileText(texts, {}, {}, running);
      const { texts: redacted, restorer } = redactTexts(texts, profile.findings);
      expect(redacted).toEqual(['owner [EMAIL_1]', 'call_two', ' today']);
      expect(restorer.restoreText('[EMAIL_1]')).toBe('anna.schmidt@example.de');
      const key = ['sk-', 'proj-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z', '_-Q'].join('');
      expect(redact([`Use ${key.slice(0, 30)}`, `${key.slice(30)} now`]).texts).toEqual(['Use [OPENAI_KEY_1]', ' now']);
    });

    it('read in another order than the texts (a system prompt after the messages), gets its token where it starts', () => {
      // Texts 0 and 1 are messages; text 2 is the system prompt a provider reads first.
      const texts = ['@example.de about the invoice', 'Noted.', 'Reply to anna.schmidt'];
      const profile = profileText(texts, {}, {}, [true, true, true], [false, false, true]);
      const redacted = redactTexts(texts, profile.findings);
      expect(redacted.texts).toEqual([' about the invoice', 'Noted.', 'Reply to [EMAIL_1]']);
      expect(redacted.restorer.restoreText('Write to [EMAIL_1].')).toBe('Write to anna.schmidt@example.de.');
      expect(createValueScrubber(texts, profile.findings)('Invalid: anna.schmidt@example.de')).toBe('Invalid: [EMAIL_1]');
    });

    it('scrubs the longer pieces of a split value from what a provider quotes back', () => {
      const texts = ['Write to anna.schmidt', '@example.de today'];
      const scrub = createValueScrubber(texts, profileText(texts).findings);
      expect(scrub('Invalid content: Write to anna.schmidt')).toBe('Invalid content: Write to [EMAIL_1]');
      expect(scrub('quoted: anna.schmidt@example.de')).toBe('quoted: [EMAIL_1]');
    });

    it('redacts every occurrence of an address that follows a phone number split over two texts (found by the property below)', () => {
      const pieces = ['person1@example.invalidNL91ABNA0417164300Please +', '44 20 7946 0958person1@example.invalid'];
      const { texts: redacted, restorer } = redact(pieces);
      const glued = redacted.join('');
      expect(glued).not.toContain('person1@example.invalid');
      expect(glued).not.toContain('7946');
      expect(restorer.restoreText(glued)).toBe(pieces.join(''));
    });

    it.each<RedactionMode>(['placeholder', 'pseudonym'])('%s: any text cut anywhere redacts to what the glued pieces need (property)', (mode) => {
      fc.assert(
        fc.property(fc.oneof(text, gluedText), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (whole, cuts) => {
          const wholeValues = foundValues([whole], profileText([whole]).findings.filter(isRedactableFinding)).map(({ value }) => value);
          const pieces = splitAt(whole, cuts);
          const { texts: redacted, restorer } = redact(pieces, mode);
          const glued = redacted.join('');
          for (const value of wholeValues) expect(glued).not.toContain(value);
          expect(restorer.restoreText(glued)).toBe(whole);
        }),
        { numRuns: 1000 },
      );
    });
  });
});
