import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitAt } from '../redaction/test-support.ts';
import { profileText } from './profile-text.ts';
import { bodyTexts } from './request-texts.ts';

/** Credentials are assembled from parts so that no scanner mistakes this file for a leak. */
const openaiKey = ['sk-', 'proj-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z', '_-Q'].join('');
const filler = (length: number) => 'The quarterly plan covers logistics and staffing. '.repeat(Math.ceil(length / 50)).slice(0, length);

/** What the pieces of each split finding say, joined: `[kind, value]` per finding. */
function splitValues(texts: string[]): Array<[string, string]> {
  const groups = new Map<number, { kind: string; value: string }>();
  for (const finding of profileText(texts).findings) {
    if (finding.split === undefined) continue;
    const group = groups.get(finding.split) ?? { kind: finding.kind, value: '' };
    group.value += texts[finding.text]!.slice(finding.start, finding.end);
    groups.set(finding.split, group);
  }
  return [...groups.values()].map(({ kind, value }) => [kind, value]);
}

describe('findings that run over adjacent texts', () => {
  it('reads a marking split over two texts, and over three', () => {
    for (const texts of [['SEC', 'RET//NOFORN Operation NIGHTJAR'], ['S', 'EC', 'RET//NOFORN'], ['Memo: TOP', ' SECRET//SI'], ['SECRET', '//NOFORN']]) {
      const profile = profileText(texts);
      expect(profile.classification, texts.join(' + ')).not.toBe('UNCLASSIFIED');
      expect(profile.caveats.length, texts.join(' + ')).toBeGreaterThan(0);
    }
    expect(profileText(['Memo: TOP', ' SECRET//SI']).classification).toBe('TOP SECRET');
    expect(profileText(['S', 'EC', 'RET//NOFORN']).findings.filter((finding) => finding.split !== undefined).map((finding) => finding.text)).toEqual([0, 1, 2]);
  });

  it('gives a split address or key as pieces, one per text, that join to the value', () => {
    expect(splitValues(['Write to anna.schmidt', '@example.de today'])).toEqual([['email', 'anna.schmidt@example.de']]);
    expect(splitValues(['Write to E', '@example.com'])).toEqual([['email', 'E@example.com']]);
    const cut = 20;
    expect(splitValues([`${filler(900)} key ${openaiKey.slice(0, cut)}`, `${openaiKey.slice(cut)} ${filler(900)}`])).toEqual([['openai-key', openaiKey]]);
    expect(profileText([`${filler(900)} key ${openaiKey.slice(0, cut)}`, `${openaiKey.slice(cut)} ${filler(900)}`]).secrets).toEqual([{ kind: 'openai-key', count: 1 }]);
  });

  it('finds nothing new where a text merely continues a finding of its own, or where no finding crosses', () => {
    expect(splitValues(['Mail a@example.com', 'now'])).toEqual([]);
    expect(profileText(['Mail a@example.com', 'now']).personalData).toEqual([{ kind: 'email', count: 1 }]);
    expect(splitValues(['The plan', 'is ready', 'SECRET//NOFORN', 'tomorrow'])).toEqual([]);
    expect(profileText(['The plan is ', 'ready.', 'Thanks', '']).findings).toEqual([]);
  });

  it('does not join the head and the tail of one long text (only its ends are read across junctions)', () => {
    // `jane` ends the scan's head of the long text and `@example.com` opens its tail: they do not touch in the text.
    const long = `${filler(252)}jane${' '.repeat(100)}@example.com${filler(244)}`;
    expect(long.slice(256 - 4, 256)).toBe('jane');
    expect(long.slice(long.length - 256).startsWith('@example.com')).toBe(true);
    expect(profileText([long, 'Thanks']).personalData).toEqual([]);
    expect(profileText(['Thanks', long]).personalData).toEqual([]);
  });

  it('finds a marking, an address or a key wherever a text holding it is cut (property)', () => {
    const planted = fc.constantFrom('SECRET//NOFORN', 'TOP SECRET//SI', 'anna.schmidt@example.de', openaiKey, '4111 1111 1111 1111');
    fc.assert(
      fc.property(planted, fc.array(fc.nat(1000), { minLength: 1, maxLength: 4 }), fc.nat(900), (value, cuts, before) => {
        const whole = `${filler(before)} ${value} and more.`;
        const wholeProfile = profileText([whole]);
        const pieces = splitAt(whole, cuts);
        const profile = profileText(pieces);
        expect(profile.classification).toBe(wholeProfile.classification);
        expect(new Set(profile.findings.map((finding) => finding.kind))).toEqual(new Set(wholeProfile.findings.map((finding) => finding.kind)));
      }),
      { numRuns: 300 },
    );
  });

  describe('adversarial review', () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

    it('finds a private key cut inside its header, its body filling a long next text', () => {
      expect(pem.length).toBeGreaterThan(1000);
      for (const cut of [15, 25, 27, 29, 120]) {
        const pieces = ['Here is the key: ' + pem.slice(0, cut), pem.slice(cut) + ' thanks'];
        expect(profileText(pieces).secrets, `cut at ${cut}`).toEqual([{ kind: 'private-key', count: 1 }]);
      }
    });

    it('keeps a value whole when its first text has it up to its very end (a key, an address, a number cut late)', () => {
      const key = ['sk-', 'proj-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z', '_-Q'].join('');
      expect(splitValues([`Use ${key.slice(0, 30)}`, `${key.slice(30)} now`])).toEqual([['openai-key', key]]);
      expect(splitValues(['Server 10.20.30.4', '0 is down'])).toEqual([['ipv4', '10.20.30.40']]);
      expect(profileText(['Server 10.20.30.4', '0 is down']).personalData).toEqual([{ kind: 'ipv4', count: 1 }]);
      // A sentence's end is not a value's: the address before it stands on its own.
      expect(splitValues(['Mail a@example.com.', 'Thanks'])).toEqual([]);
    });

    it('reads fixed words as pieces of prose and glues only prose, in a real body', () => {
      const body = {
        model: 'chat',
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Mail anna.schmidt@' }, { type: 'text', text: 'user' }, { type: 'text', text: '.de now' }] },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: 'Done.' },
        ],
      };
      const running: boolean[] = [];
      const texts = bodyTexts(body, { maxJsonDepth: 64 }, running);
      expect(profileText(texts, {}, {}, running).personalData).toEqual([{ kind: 'email', count: 1 }]);
    });
  });
});

describe('the junction scan in the order a provider reads the body', () => {
  /** An Anthropic body whose `system` comes after its `messages`, as a client may write it. */
  const body = (system: string, first: string, last = 'Thanks.') => ({
    model: 'claude',
    max_tokens: 100,
    messages: [
      { role: 'user', content: first },
      { role: 'assistant', content: 'Noted.' },
      { role: 'user', content: last },
    ],
    system,
  });
  const profiled = (value: Record<string, unknown>) => {
    const running: boolean[] = [];
    const readFirst: boolean[] = [];
    const texts = bodyTexts(value, { maxJsonDepth: 64 }, running, readFirst);
    return { texts, readFirst, profile: profileText(texts, {}, {}, running, readFirst) };
  };

  it('glues the system prompt before the first message, wherever the body has it', () => {
    const { texts, readFirst, profile } = profiled(body('Reply to anna.schmidt', '@example.de about the invoice'));
    expect(readFirst.filter(Boolean)).toHaveLength(1);
    const pieces = profile.findings.filter((finding) => finding.split !== undefined);
    expect(pieces.map((finding) => texts[finding.text]!.slice(finding.start, finding.end))).toEqual(['anna.schmidt', '@example.de']);
    expect(profile.personalData).toEqual([{ kind: 'email', count: 1 }]);
    // The same texts glued in body order (system last) miss the address.
    expect(profileText(texts, {}, {}, texts.map(() => true)).findings.filter((finding) => finding.split !== undefined)).toEqual([]);
  });

  it('no longer glues the last message to the system prompt that follows it in the body', () => {
    const { profile } = profiled(body('0.4.5 is the version we ship.', 'Hello', 'Upgrade to 1.2'));
    expect(profile.findings.filter((finding) => finding.kind === 'ipv4')).toEqual([]);
    // A marking split over the system prompt and the first message is read, and only then.
    expect(profiled(body('Memo: SEC', 'RET//NOFORN Operation NIGHTJAR')).profile.classification).toBe('SECRET');
    expect(profiled(body('Memo: SEC', 'Hello', 'RET//NOFORN')).profile.classification).toBe('UNCLASSIFIED');
  });
});
