import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from './audit-entry.ts';
import { sampleEntry } from './audit-test-support.ts';
import { buildAuditRecord, canonicalRecord } from './build-audit-record.ts';
import { canonicalJson } from './canonical-json.ts';
import { personalDataKinds, secretKinds } from '../../core/profile/finding.ts';

const now = (): Date => new Date('2026-02-03T04:05:06.000Z');

describe('buildAuditRecord', () => {
  it('keeps only the audit fields, so request content on the entry never reaches the log', () => {
    const entry = { ...sampleEntry(0), body: { messages: [{ content: 'my IBAN is DE89370400440532013000' }] } } as AuditEntry;
    const record = buildAuditRecord(entry, now);
    expect(JSON.stringify(record)).not.toContain('DE89');
    expect(Object.keys(record)).not.toContain('body');
    expect(record.prompt).toBeUndefined();
  });

  it('keeps the prompt when the entry carries one (a policy asked for audit-prompt)', () => {
    expect(buildAuditRecord({ ...sampleEntry(1), prompt: 'hello' }, now).prompt).toBe('hello');
  });

  it('sorts and de-duplicates kinds and defaults the time to now', () => {
    const { time: _time, ...entry } = sampleEntry(2);
    const record = buildAuditRecord({ ...entry, profile: { ...entry.profile, personalKinds: ['phone', 'email', 'phone'] } }, now);
    expect(record.profile.personalKinds).toEqual(['email', 'phone']);
    expect(record.time).toBe('2026-02-03T04:05:06.000Z');
  });

  it.each([
    ['outcome', { outcome: 'maybe' }],
    ['status', { status: Number.NaN }],
    ['costUsd', { costUsd: Number.POSITIVE_INFINITY }],
    ['tokens', { tokens: { input: 1, output: 2 } }],
    ['tenant', { tenant: 7 }],
    ['time', { time: 'yesterday' }],
    ['profile kinds', { profile: { classification: 'CUI', personalKinds: [1], secretKinds: [], markings: [] } }],
    ['personal kind that is no kind', { profile: { classification: 'CUI', personalKinds: ['anna@example.de'], secretKinds: [], markings: [] } }],
    ['secret kind that is no kind', { profile: { classification: 'CUI', personalKinds: [], secretKinds: ['AKIAIOSFODNN7EXAMPLE'], markings: [] } }],
    ['classification that is no level', { profile: { classification: 'SECRET//AKIAIOSFODNN7EXAMPLE', personalKinds: [], secretKinds: [], markings: [] } }],
  ])('rejects a malformed %s', (_name, change) => {
    expect(() => buildAuditRecord({ ...sampleEntry(3), ...change } as unknown as AuditEntry, now)).toThrow(TypeError);
  });

  it.each([
    ['a key after a banner', `UNCLASSIFIED//${['AKIA', 'IOSFODNN7EXAMPLE'].join('')}`, ['UNCLASSIFIED']],
    ['an IBAN after the caveats', 'SECRET//NOFORN DE89 3704 0044 0532 0130 00', ['SECRET//NOFORN']],
    ['a short password as a caveat', 'SECRET//HUNTER2//NOFORN', ['SECRET//NOFORN']],
    ['a release list naming no country', 'CONFIDENTIAL//REL TO ANNA, BOBS', ['CONFIDENTIAL']],
    ['marking as written, lower case', 'top secret // si // noforn', ['TOP SECRET//SI//NOFORN']],
    ['text that is no marking', 'my password is hunter2', []],
  ])('stores markings in the words of the marking vocabulary only: %s', (_label, marking, stored) => {
    const record = buildAuditRecord({ ...sampleEntry(4), profile: { classification: 'SECRET', personalKinds: [], secretKinds: [], markings: [marking] } }, now);
    expect(record.profile.markings).toEqual(stored);
    expect(canonicalRecord(record)).not.toMatch(/AKIA|DE89|HUNTER2|ANNA|hunter2/);
  });

  it('canonicalRecord (native JSON.stringify) equals canonicalJson for any entry', () => {
    const text = fc.option(fc.string(), { nil: undefined });
    const number = fc.double({ noNaN: true, noDefaultInfinity: true });
    const entry = fc.record({
      time: fc.constantFrom(undefined, '2026-01-01T00:00:00.000Z'),
      requestId: fc.string(),
      tenant: fc.string(),
      keyId: fc.string(),
      principalCountry: text,
      profile: fc.record({
        classification: fc.constantFrom('UNCLASSIFIED', 'CUI', 'TOP SECRET'),
        personalKinds: fc.array(fc.constantFrom(...personalDataKinds)),
        secretKinds: fc.array(fc.constantFrom(...secretKinds)),
        markings: fc.array(fc.oneof(fc.string(), fc.constantFrom('SECRET//NOFORN', '(S//NF)', 'cui//sp-prvcy'))),
      }),
      decisionId: text,
      provider: text,
      jurisdiction: text,
      model: text,
      outcome: fc.constantFrom('ok', 'refused', 'failed'),
      status: fc.integer(),
      errorCode: text,
      tokens: fc.record({ input: fc.nat(), output: fc.nat(), cachedInput: fc.nat() }),
      costUsd: number,
      prompt: text,
    });
    fc.assert(
      fc.property(entry, fc.nat(), (value, seq) => {
        const record = buildAuditRecord(value as AuditEntry, now);
        record.seq = seq;
        expect(canonicalRecord(record)).toBe(canonicalJson(record));
      }),
    );
  });
});
