import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error.ts';
import { profileText } from './profile-text.ts';

describe('profileText', () => {
  it('counts personal data and secrets by kind, with positions per text, and never the values', () => {
    const texts = ['Write to a@example.com or b@example.org.', `Key: ${['AKIA', 'IOSFODNN7EXAMPLE'].join('')}, call +44 20 7946 0958`];
    const profile = profileText(texts);
    expect(profile.personalData).toEqual([
      { kind: 'email', count: 2 },
      { kind: 'phone', count: 1 },
    ]);
    expect(profile.secrets).toEqual([{ kind: 'aws-access-key-id', count: 1 }]);
    expect(profile.findings.map((finding) => [finding.text, finding.kind, texts[finding.text]?.slice(finding.start, finding.end)])).toEqual([
      [0, 'email', 'a@example.com'],
      [0, 'email', 'b@example.org'],
      [1, 'aws-access-key-id', 'AKIAIOSFODNN7EXAMPLE'],
      [1, 'phone', '+44 20 7946 0958'],
    ]);
    expect(JSON.stringify({ ...profile, findings: [] })).not.toMatch(/example\.com|AKIA|7946/);
    expect(profile.classification).toBe('UNCLASSIFIED');
  });

  it('takes the highest marking, with its caveats, each marking once', () => {
    const profile = profileText(['CUI\nNotes\nCUI', 'TOP SECRET//SI/TK//NOFORN\n(S//NF) A paragraph.\n(U) Another.']);
    expect(profile.classification).toBe('TOP SECRET');
    expect(profile.detectedClassification).toBe('TOP SECRET');
    expect(profile.classificationSource).toBe('detected');
    expect(profile.markings).toEqual(['CUI', 'TOP SECRET//SI/TK//NOFORN', '(S//NF)', '(U)']);
    expect(profile.caveats).toEqual(['SI', 'TK', 'NOFORN']);
  });

  it.each([
    ['raises an unmarked text to the declared level', [], 'SECRET', undefined, 'SECRET', 'declared'],
    ['never lowers a marked text', ['SECRET//NOFORN\ntext'], 'UNCLASSIFIED', undefined, 'SECRET', 'detected'],
    ['raises a marked text above its marking', ['CUI\ntext'], 'TOP_SECRET', undefined, 'TOP SECRET', 'declared'],
    ['applies the tenant default as a floor', ['hello'], undefined, 'CUI', 'CUI', 'tenant-default'],
    ['lets the client raise above the tenant default', ['hello'], 'confidential', 'CUI', 'CONFIDENTIAL', 'declared'],
    ['keeps the tenant default when the client declares lower', ['hello'], 'U', 'OFFICIAL', 'OFFICIAL', 'tenant-default'],
  ])('%s', (_label, texts, declared, tenant, level, source) => {
    const profile = profileText(texts, declared === undefined ? {} : { classification: declared }, tenant === undefined ? {} : { classification: tenant });
    expect([profile.classification, profile.classificationSource]).toEqual([level, source]);
  });

  it('refuses an unknown declared level with invalid_request naming it', () => {
    let caught: unknown;
    try {
      profileText(['hello'], { classification: 'ULTRA' });
    } catch (error) {
      caught = error;
    }
    expect(GatewayError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'invalid_request', status: 400, param: 'classification' });
    expect((caught as Error).message).toContain('"ULTRA"');
    expect((caught as Error).message).toContain('TOP SECRET');
  });

  it('keeps caveats declared with the level', () => {
    expect(profileText([], { classification: 'secret//noforn' }).caveats).toEqual(['NOFORN']);
    expect(profileText([], { classification: 'OFFICIAL-SENSITIVE' })).toMatchObject({ classification: 'OFFICIAL', caveats: ['OFFICIAL-SENSITIVE'] });
  });

  it('keeps both the tenant residency and the declared one, and merges labels', () => {
    const profile = profileText([], { residency: 'de', labels: ['project:x', 'hr'] }, { residency: 'EU', labels: ['hr', 'tenant:acme'] });
    expect(profile.residency).toEqual(['EU', 'DE']);
    expect(profile.labels).toEqual(['hr', 'tenant:acme', 'project:x']);
  });
});
