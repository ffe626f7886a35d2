import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { GatewayError } from '../errors/gateway-error.ts';
import { expandJurisdiction } from './__fixtures__/jurisdictions.ts';
import { compilePolicies } from './compile-policies.ts';
import { mergePolicySets } from './merge-policy-sets.ts';
import type { PolicyInput } from './policy-schema.ts';

function compileError(policies: readonly PolicyInput[], source?: string): GatewayError {
  try {
    compilePolicies(policies, { expandJurisdiction }, source);
  } catch (error) {
    if (GatewayError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected compilePolicies to throw');
}

describe('compilePolicies', () => {
  it('compiles policies written in YAML', () => {
    const set = compilePolicies(parseYaml(`
- name: classified-stays-local
  description: Classified data is processed on our own hardware only.
  when: 'profile.classification in ["CUI", "SECRET", "TOP SECRET"]'
  require:
    tiers: [local]
    minClearance: classification
    maxRetentionDays: none
  actions: [no-cache, audit-prompt]
- name: eu-personal-data
  when: profile.hasPersonalData && !("public" in request.labels)
  require:
    jurisdictions: [EU, EEA, adequacy]
    jurisdictionsDenied: [US]
    operatorCountryNotIn: [CN]
    noTraining: true
    certifications: [ISO27001]
  actions: [pseudonymise]
`) as PolicyInput[], { expandJurisdiction }, 'policies.yaml');
    expect(set.policies.map((policy) => [policy.name, policy.when.engine, policy.actions])).toEqual([
      ['classified-stays-local', 'compiled', ['no-cache', 'audit-prompt']],
      ['eu-personal-data', 'compiled', ['pseudonymise']],
    ]);
  });

  it('names the policy, the source and the position of a CEL syntax error', () => {
    const error = compileError([
      { name: 'fine', when: 'true' },
      { name: 'eu-personal-data', when: 'profile.hasPersonalData &&\n  profile.classification in [' },
    ], 'config/policies.yaml');
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/^Policy "eu-personal-data" \(config\/policies\.yaml\): when, at 2:/);
    expect(error.details).toMatchObject({ policy: 'eu-personal-data', source: 'config/policies.yaml', line: 2 });
  });

  it('names an unknown field with its position (a type error caught at load)', () => {
    const error = compileError([{ name: 'typo', when: 'principal.tenant == "a" && profile.clasification == "CUI"' }], 'tenant:acme');
    expect(error.message).toBe(
      'Policy "typo" (tenant:acme): when, at 1:35: unknown field \'profile.clasification\' (fields: classification, classificationLevel, '
      + 'markings, caveats, personalData, secrets, residency, labels, hasPersonalData, personalKinds, hasSecrets, secretKinds)',
    );
    expect(error.details).toMatchObject({ line: 1, column: 35 });
  });

  it.each<[string, PolicyInput[], RegExp]>([
    ['a misspelt key', [{ name: 'p', requires: { tiers: ['local'] } } as unknown as PolicyInput], /Invalid policies in src\.yaml:[\s\S]*requires/],
    ['an unknown tier', [{ name: 'p', require: { tiers: ['moon' as 'local'] } }], /tiers/],
    ['an unknown action', [{ name: 'p', actions: ['shred' as 'block'] }], /actions/],
    ['duplicate names', [{ name: 'p' }, { name: 'p' }], /duplicate policy name "p"/],
    ['the reserved name residency', [{ name: 'residency' }], /reserved/],
    ['an unknown jurisdiction', [{ name: 'p', require: { jurisdictions: ['EU', 'Atlantis'] } }], /Policy "p" \(src\.yaml\): require: unknown jurisdiction "Atlantis"/],
  ])('refuses %s', (_case, policies, message) => {
    expect(compileError(policies, 'src.yaml').message).toMatch(message);
  });

  it('applies defaults: no condition means always, no actions, no constraint', () => {
    const set = compilePolicies([{ name: 'audit-all', actions: ['audit-prompt'] }], { expandJurisdiction });
    const [policy] = set.policies;
    expect(policy?.when.source).toBe('true');
    expect(policy?.actions).toEqual(['audit-prompt']);
    expect(policy?.constraintByLevel.every((constraint) => constraint === undefined)).toBe(true);
  });

  it('precompiles one constraint per classification for minClearance: classification, one shared otherwise', () => {
    const set = compilePolicies([
      { name: 'own-level', require: { minClearance: 'classification' } },
      { name: 'fixed', require: { minClearance: 'SECRET' } },
    ], { expandJurisdiction });
    const [own, fixed] = set.policies;
    expect(new Set(own?.constraintByLevel).size).toBe(6);
    expect(own?.constraintByLevel[0]).toBeUndefined(); // at least UNCLASSIFIED constrains nothing
    expect(new Set(fixed?.constraintByLevel).size).toBe(1);
  });
});

describe('mergePolicySets', () => {
  it('refuses a tenant policy that takes a global policy name', () => {
    const global = compilePolicies([{ name: 'eu-only', require: { jurisdictions: ['EU'] } }], { expandJurisdiction }, 'global');
    const tenant = compilePolicies([{ name: 'eu-only', require: { jurisdictions: ['EU', 'US'] } }], { expandJurisdiction }, 'tenant:acme');
    expect(() => mergePolicySets(global, tenant)).toThrow(/Policy "eu-only" \(tenant:acme\) has the name of a global policy/);
  });
});
