// Tests run only in Node; core itself reads no files (the data is passed in).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error.ts';
import { createJurisdictions } from './create-jurisdictions.ts';
import { mergeGroupFiles } from './merge-group-files.ts';

const load = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../data/${name}`, import.meta.url), 'utf8'));
const data = load('jurisdictions.json') as Parameters<typeof createJurisdictions>[0];
const exportControl = load('export-control.json');
const jurisdictions = createJurisdictions(data);

function refusal(action: () => unknown): GatewayError {
  try {
    action();
  } catch (error) {
    if (GatewayError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('jurisdictions data', () => {
  it('states its source and when it was checked, for the file and each reference group', () => {
    expect(data).toMatchObject({ source: expect.stringContaining('ISO 3166-1'), checked: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    for (const name of ['EU', 'EEA', 'adequacy', 'FVEY']) {
      expect(jurisdictions.describe(name)).toMatchObject({ source: expect.stringMatching(/^https:\/\//), checked: expect.any(String), userDefined: false });
    }
  });

  it('lists all 249 ISO 3166-1 alpha-2 countries with English names', () => {
    expect(jurisdictions.countries.size).toBe(249);
    expect(jurisdictions.countries.get('DE')).toBe('Germany');
    expect(jurisdictions.countries.get('FO')).toBe('Faroe Islands');
    expect(jurisdictions.isCountry('de')).toBe(true);
    expect(jurisdictions.isCountry('EU')).toBe(false);
    expect(jurisdictions.isCountry('XX')).toBe(false);
  });

  it('has 27 EU members, and 30 in the EEA (the EU plus IS, LI, NO)', () => {
    expect(jurisdictions.expand('EU').size).toBe(27);
    expect(jurisdictions.expand('EEA').size).toBe(30);
    expect([...jurisdictions.expand('EEA')].filter((code) => !jurisdictions.inGroup(code, 'EU')).sort()).toEqual(['IS', 'LI', 'NO']);
    expect(jurisdictions.inGroup('DE', 'EU')).toBe(true);
    expect(jurisdictions.inGroup('GR', 'EU')).toBe(true);
    expect(jurisdictions.inGroup('GB', 'EU')).toBe(false);
  });

  it('puts Switzerland in adequacy but not in the EU', () => {
    expect(jurisdictions.inGroup('CH', 'EU')).toBe(false);
    expect(jurisdictions.inGroup('CH', 'EEA')).toBe(false);
    expect(jurisdictions.inGroup('CH', 'adequacy')).toBe(true);
    expect(jurisdictions.scopeNote('CH', 'adequacy')).toMatch(/Whole country/);
  });

  it('gives every adequacy member a scope note, partial ones saying what they cover', () => {
    for (const code of jurisdictions.expand('adequacy')) expect(jurisdictions.scopeNote(code, 'adequacy')).toBeTruthy();
    expect(jurisdictions.inGroup('US', 'adequacy')).toBe(true);
    expect(jurisdictions.scopeNote('US', 'adequacy')).toMatch(/Data Privacy Framework/);
    expect(jurisdictions.scopeNote('CA', 'adequacy')).toMatch(/PIPEDA/);
    expect(jurisdictions.scopeNote('JP', 'adequacy')).toMatch(/private-sector/);
    expect(jurisdictions.scopeNote('DE', 'adequacy')).toBeUndefined();
    expect(jurisdictions.inGroup('CN', 'adequacy')).toBe(false);
  });

  it('lets GDPR-free-flow include groups, inheriting their scope notes', () => {
    expect(jurisdictions.inGroup('DE', 'GDPR-free-flow')).toBe(true);
    expect(jurisdictions.inGroup('US', 'GDPR-free-flow')).toBe(true);
    expect(jurisdictions.scopeNote('US', 'GDPR-free-flow')).toBe(jurisdictions.scopeNote('US', 'adequacy'));
  });

  it('lists the groups a country belongs to', () => {
    expect(jurisdictions.groupsOf('de')).toEqual(['EEA', 'EU', 'GDPR-free-flow']);
    expect(jurisdictions.groupsOf('US')).toEqual(['adequacy', 'FVEY', 'GDPR-free-flow']);
    expect(jurisdictions.groupsOf('AQ')).toEqual([]);
  });

  it('treats names and codes case-insensitively, and a code as a set of itself', () => {
    expect(jurisdictions.expand('eu')).toBe(jurisdictions.expand('EU'));
    expect(jurisdictions.inGroup('ch', 'ADEQUACY')).toBe(true);
    expect([...jurisdictions.expand('de')]).toEqual(['DE']);
    expect(jurisdictions.inGroup('DE', 'DE')).toBe(true);
  });

  it.each(['XX', 'Mars', 'E U', ''])('refuses the unknown name %j, naming it', (name) => {
    const error = refusal(() => jurisdictions.expand(name));
    expect(error).toMatchObject({ code: 'invalid_request', details: { name } });
    expect(error.message).toContain(`"${name}"`);
    expect(refusal(() => jurisdictions.inGroup('DE', name)).code).toBe('invalid_request');
  });
});

describe('user-defined groups', () => {
  it('may include countries and other groups, reference or user-defined, in any order', () => {
    const custom = createJurisdictions(data, { friendly: ['DACH', 'FVEY', 'jp'], DACH: ['DE', 'AT', 'CH'] });
    expect([...custom.expand('DACH')].sort()).toEqual(['AT', 'CH', 'DE']);
    expect([...custom.expand('friendly')].sort()).toEqual(['AT', 'AU', 'CA', 'CH', 'DE', 'GB', 'JP', 'NZ', 'US']);
    expect(custom.inGroup('CH', 'friendly')).toBe(true);
    expect(custom.groupsOf('AT')).toContain('friendly');
    expect(custom.describe('dach')).toMatchObject({ name: 'DACH', userDefined: true });
  });

  it.each([
    ['a cycle through three groups', { A: ['B'], B: ['C'], C: ['A'] }, 'A → B → C → A'],
    ['a group including itself', { Self: ['DE', 'self'] }, 'Self → Self'],
  ])('refuses %s, naming the cycle', (_label, groups, cycle) => {
    expect(refusal(() => createJurisdictions(data, groups)).message).toContain(cycle);
  });

  it.each([
    ['an unknown member', { Mine: ['DE', 'ZZ'] }, /"Mine" lists "ZZ"/],
    ['a name that is a country code', { de: ['FR'] }, /"de" has the name of a country code/],
    ['redefining a reference group', { eu: ['FR'] }, /"eu" is already defined in the jurisdictions data/],
    ['an invalid name', { 'my group': ['FR'] }, /Invalid user-defined groups: my group/],
  ])('refuses %s', (_label, groups, message) => {
    expect(refusal(() => createJurisdictions(data, groups)).message).toMatch(message);
  });

  it('expands a group of any countries to exactly those countries', () => {
    const codes = [...jurisdictions.countries.keys()];
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...codes), { minLength: 1, maxLength: 30 }), (members) => {
        const custom = createJurisdictions(data, { Picked: members.map((code) => code.toLowerCase()) });
        expect([...custom.expand('Picked')].sort()).toEqual([...members].sort());
      }),
      { numRuns: 50 },
    );
  });
});

describe('reference data validation', () => {
  it('refuses data without a date, with the path', () => {
    const { checked: _checked, ...undated } = data as Record<string, unknown>;
    expect(refusal(() => createJurisdictions(undated as typeof data)).message).toMatch(/checked/);
  });

  it('refuses a scope note for a country outside the group', () => {
    const broken = structuredClone(data) as { groups: Record<string, { scope?: Record<string, string> }> };
    (broken.groups.FVEY as { scope?: Record<string, string> }).scope = { JP: 'not a member' };
    expect(refusal(() => createJurisdictions(broken as typeof data)).message).toMatch(/"FVEY" has a scope note for JP/);
  });
});

describe('export-control groups', () => {
  const merged = createJurisdictions(mergeGroupFiles(data, exportControl));

  it('adds the default allow-list and deny-list with their provenance', () => {
    expect(merged.expand('export-tier1').size).toBe(19);
    expect(merged.inGroup('US', 'export-tier1')).toBe(true);
    expect(merged.inGroup('TW', 'export-tier1')).toBe(true);
    expect(merged.inGroup('CN', 'export-tier1')).toBe(false);
    expect(merged.inGroup('CN', 'export-prohibited')).toBe(true);
    expect(merged.inGroup('MO', 'export-prohibited')).toBe(true);
    expect([...merged.expand('export-tier1')].filter((code) => merged.inGroup(code, 'export-prohibited'))).toEqual([]);
    expect(merged.describe('export-tier1')).toMatchObject({ source: expect.stringContaining('federalregister.gov'), checked: '2026-11-25' });
    expect(exportControl).toMatchObject({ notes: expect.stringContaining('rescission') });
  });

  it('refuses a group file that redefines a group', () => {
    const clash = { source: 'test', checked: '2026-11-25', groups: { eea: { description: 'clash', members: ['DE'] } } };
    expect(refusal(() => mergeGroupFiles(data, clash)).message).toMatch(/"eea" is defined twice \(also as "EEA"\)/);
  });
});
