import { describe, expect, it } from 'vitest';
import { expandJurisdiction } from './__fixtures__/jurisdictions.ts';
import { compilePolicies } from './compile-policies.ts';
import { evaluatePolicies } from './evaluate-policies.ts';
import { mergePolicySets } from './merge-policy-sets.ts';
import type { PolicySubject } from './policy-context.ts';
import { providerFactsOf } from './provider-facts.ts';

const subject = (overrides: { profile?: Partial<PolicySubject['profile']>; request?: Partial<PolicySubject['request']> } = {}): PolicySubject => ({
  principal: { tenant: 'acme', country: 'DE' },
  profile: { classification: 'UNCLASSIFIED', ...overrides.profile },
  request: { model: 'gpt-4o', estimatedInputTokens: 100, ...overrides.request },
});

const set = compilePolicies([
  { name: 'classified-stays-local', when: 'profile.classification in ["CUI", "SECRET", "TOP SECRET"]', require: { tiers: ['local'] }, actions: ['no-cache'] },
  { name: 'eu-personal-data', when: 'profile.hasPersonalData', require: { jurisdictions: ['EU', 'EEA', 'adequacy'] }, actions: ['audit-prompt'] },
  { name: 'no-secrets', when: 'profile.hasSecrets', actions: ['block'] },
  { name: 'own-clearance', require: { minClearance: 'classification' } },
], { expandJurisdiction }, 'global.yaml');

describe('evaluatePolicies', () => {
  it('collects the matched policies, their constraints and their actions', () => {
    const evaluation = evaluatePolicies(set, subject({ profile: { classification: 'CUI', personalData: [{ kind: 'email', count: 2 }] } }));
    expect(evaluation.matched).toEqual(['classified-stays-local', 'eu-personal-data', 'own-clearance']);
    expect(evaluation.constraints.map((constraint) => constraint.policy)).toEqual(['classified-stays-local', 'eu-personal-data', 'own-clearance']);
    expect([...evaluation.actions].sort()).toEqual(['audit-prompt', 'no-cache']);
    expect(evaluation.errors).toEqual([]);
  });

  it('ignores findings with a zero count', () => {
    const evaluation = evaluatePolicies(set, subject({ profile: { personalData: [{ kind: 'email', count: 0 }] } }));
    expect(evaluation.matched).toEqual(['own-clearance']);
    expect(evaluation.constraints).toEqual([]); // own-clearance at UNCLASSIFIED constrains nothing
  });

  it('picks the constraint for the request\'s own classification', () => {
    const secret = evaluatePolicies(set, subject({ profile: { classification: 'SECRET' } }));
    const ownClearance = secret.constraints.find((constraint) => constraint.policy === 'own-clearance')!;
    const provider = (clearance: 'CUI' | 'SECRET') => providerFactsOf({
      id: 'p', tier: 'local', jurisdiction: 'DE', operator: { name: 'o', country: 'DE' }, clearance, retention: 0, trainsOnData: false, certifications: [],
    });
    expect(ownClearance.allows(provider('SECRET'))).toBe(true);
    expect(ownClearance.explain(provider('CUI'))).toEqual(['clearance CUI below required SECRET (policy own-clearance)']);
    // The same object every time, so the router's per-constraint caches hit.
    expect(evaluatePolicies(set, subject({ profile: { classification: 'SECRET' } })).constraints).toContain(ownClearance);
  });

  it('fails closed: a condition that cannot be evaluated counts as matched, and the error is reported', () => {
    const failing = compilePolicies([
      { name: 'third-finding', when: 'profile.personalData[2].count > 10', require: { tiers: ['local'] }, actions: ['block'] },
      { name: 'not-a-bool', when: 'principal.tenant', actions: ['redact'] },
      { name: 'interpreted', when: 'principal.tenant.matches("(")', actions: ['audit-prompt'] },
    ], { expandJurisdiction });
    let evaluation: ReturnType<typeof evaluatePolicies> | undefined;
    expect(() => { evaluation = evaluatePolicies(failing, subject()); }).not.toThrow();
    expect(evaluation!.matched).toEqual(['third-finding', 'not-a-bool', 'interpreted']);
    expect([...evaluation!.actions].sort()).toEqual(['audit-prompt', 'block', 'redact']);
    expect(evaluation!.constraints.map((constraint) => constraint.policy)).toEqual(['third-finding']);
    expect(evaluation!.errors.map((error) => error.policy)).toEqual(['third-finding', 'not-a-bool', 'interpreted']);
    expect(evaluation!.errors[0]!.message).toMatch(/out of bounds/);
    expect(evaluation!.errors[1]!.message).toMatch(/must evaluate to a bool/);
  });

  it('adds the built-in residency policy for a residency requirement (profile or request)', () => {
    const fromProfile = evaluatePolicies(set, subject({ profile: { residency: 'EU' } }));
    expect(fromProfile.matched).toContain('residency');
    const residency = fromProfile.constraints.find((constraint) => constraint.policy === 'residency')!;
    const provider = (jurisdiction: string) => providerFactsOf({
      id: 'p', tier: 'cloud', jurisdiction, operator: { name: 'o', country: 'US' }, clearance: 'UNCLASSIFIED', retention: 0, trainsOnData: false, certifications: [],
    });
    expect(residency.allows(provider('DE'))).toBe(true);
    expect(residency.explain(provider('US'))).toEqual(['jurisdiction US not in [EU] (policy residency)']);
    expect(evaluatePolicies(set, subject({ request: { residency: 'EU' } })).constraints).toContain(residency);

    const unknown = evaluatePolicies(set, subject({ request: { residency: 'Narnia' } }));
    const impossible = unknown.constraints.find((constraint) => constraint.policy === 'residency')!;
    expect(impossible.allows(provider('DE'))).toBe(false);
    expect(impossible.explain(provider('DE'))[0]).toMatch(/residency "Narnia" names no known jurisdiction/);
  });

  it('evaluates merged global and tenant policies together, in order', () => {
    const tenant = compilePolicies([
      { name: 'acme-local-for-hr', when: '"hr" in request.labels', require: { tiers: ['local', 'edge'] } },
      { name: 'acme-audit', actions: ['audit-prompt'] },
    ], { expandJurisdiction }, 'tenant:acme');
    const merged = mergePolicySets(set, tenant);
    const evaluation = evaluatePolicies(merged, subject({ profile: { classification: 'CUI' }, request: { labels: ['hr'] } }));
    expect(evaluation.matched).toEqual(['classified-stays-local', 'own-clearance', 'acme-local-for-hr', 'acme-audit']);
    expect(evaluation.constraints.map((constraint) => constraint.policy)).toEqual(['classified-stays-local', 'own-clearance', 'acme-local-for-hr']);
  });
});
