import { describe, expect, it } from 'vitest';
import { expandJurisdiction } from './__fixtures__/jurisdictions.ts';
import { compileConstraint } from './compile-constraint.ts';
import { classificationLevel } from './policy-context.ts';
import type { PolicyRequire } from './policy-schema.ts';
import { providerFactsOf, type ProviderFactsSource } from './provider-facts.ts';

const base: ProviderFactsSource = {
  id: 'mistral-fr',
  tier: 'cloud',
  jurisdiction: 'FR',
  operator: { name: 'Mistral AI', country: 'FR' },
  clearance: 'OFFICIAL',
  retention: 30,
  trainsOnData: false,
  certifications: ['ISO27001'],
};
const facts = (overrides: Partial<ProviderFactsSource> = {}) => providerFactsOf({ ...base, ...overrides });

describe('compileConstraint: every constraint kind', () => {
  it.each<[string, PolicyRequire, Partial<ProviderFactsSource>, Partial<ProviderFactsSource>, string]>([
    ['tiers', { tiers: ['local', 'edge'] }, { tier: 'local' }, { tier: 'cloud' }, 'tier cloud not in [local, edge] (policy p)'],
    ['jurisdictions (groups)', { jurisdictions: ['EU', 'adequacy'] }, { jurisdiction: 'JP' }, { jurisdiction: 'CN' }, 'jurisdiction CN not in [EU, adequacy] (policy p)'],
    ['jurisdictionsDenied', { jurisdictionsDenied: ['FVEY'] }, { jurisdiction: 'DE' }, { jurisdiction: 'US' }, 'jurisdiction US is in denied [FVEY] (policy p)'],
    ['providers', { providers: ['ollama-local'] }, { id: 'ollama-local' }, {}, 'provider mistral-fr not in [ollama-local] (policy p)'],
    ['providersDenied', { providersDenied: ['mistral-fr'] }, { id: 'other' }, {}, 'provider mistral-fr is denied (policy p)'],
    ['minClearance', { minClearance: 'SECRET' }, { clearance: 'TOP SECRET' }, { clearance: 'CUI' }, 'clearance CUI below required SECRET (policy p)'],
    ['maxRetentionDays', { maxRetentionDays: 7 }, { retention: 7 }, { retention: 30 }, 'retention of 30 days exceeds the maximum of 7 (policy p)'],
    ['maxRetentionDays: zero', { maxRetentionDays: 'zero' }, { retention: 'none' }, { retention: 1 }, 'retention of 1 day exceeds the maximum of 0 (policy p)'],
    ['noTraining', { noTraining: true }, { trainsOnData: false }, { trainsOnData: true }, 'provider trains on customer data (policy p)'],
    ['operatorCountryNotIn', { operatorCountryNotIn: ['US', 'CN'] }, {}, { operator: { name: 'x', country: 'US' } }, 'operator country US is in [US, CN] (policy p)'],
    ['certifications', { certifications: ['ISO27001', 'C5'] }, { certifications: ['C5', 'ISO27001'] }, {}, 'missing certifications [C5] (policy p)'],
  ])('%s', (_kind, require, allowed, excluded, reason) => {
    const minimum = require.minClearance === undefined || require.minClearance === 'classification' ? undefined : classificationLevel(require.minClearance);
    const constraint = compileConstraint('p', require, minimum, expandJurisdiction)!;
    expect(constraint.allows(facts(allowed))).toBe(true);
    expect(constraint.explain(facts(allowed))).toEqual([]);
    expect(constraint.allows(facts(excluded))).toBe(false);
    expect(constraint.explain(facts(excluded))).toEqual([reason]);
  });

  it('reports every failed clause of a policy', () => {
    const constraint = compileConstraint('strict', { tiers: ['local'], noTraining: true }, undefined, expandJurisdiction)!;
    expect(constraint.explain(facts({ trainsOnData: true }))).toEqual([
      'tier cloud not in [local] (policy strict)',
      'provider trains on customer data (policy strict)',
    ]);
  });

  it('constrains nothing when the block is empty or only says noTraining: false', () => {
    expect(compileConstraint('p', {}, undefined, expandJurisdiction)).toBeUndefined();
    expect(compileConstraint('p', { noTraining: false }, undefined, expandJurisdiction)).toBeUndefined();
  });

  it('refuses a jurisdiction that names no country', () => {
    expect(() => compileConstraint('p', { jurisdictions: ['EUU'] }, undefined, expandJurisdiction)).toThrow(/unknown jurisdiction "EUU"/);
  });

  it('gives every compiled constraint its own id', () => {
    const a = compileConstraint('p', { tiers: ['local'] }, undefined, expandJurisdiction)!;
    const b = compileConstraint('p', { tiers: ['local'] }, undefined, expandJurisdiction)!;
    expect(a.id).not.toBe(b.id);
  });
});
