import { describe, expect, it } from 'vitest';
import type { AuditEntry } from './audit-entry.ts';
import { sampleEntry } from './audit-test-support.ts';
import { buildAuditRecord } from './build-audit-record.ts';

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
  ])('rejects a malformed %s', (_name, change) => {
    expect(() => buildAuditRecord({ ...sampleEntry(3), ...change } as unknown as AuditEntry, now)).toThrow(TypeError);
  });
});
