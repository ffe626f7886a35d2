import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classificationLevels, type Classification, type ProviderEntry } from '../catalog/catalog-schema.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { expandJurisdiction } from '../policy/__fixtures__/jurisdictions.ts';
import { compilePolicies } from '../policy/compile-policies.ts';
import { evaluatePolicies } from '../policy/evaluate-policies.ts';
import { mergePolicySets } from '../policy/merge-policy-sets.ts';
import type { PolicySubject } from '../policy/policy-context.ts';
import type { PolicyInput, PolicyRequire } from '../policy/policy-schema.ts';
import { provider } from './__fixtures__/catalog.ts';
import { createRouter } from './create-router.ts';
import type { Strategy } from './decision.ts';

const countries = ['DE', 'FR', 'US', 'GB', 'CN', 'NO', 'JP'];
const places = [...countries, 'EU', 'EEA', 'adequacy', 'FVEY'];

/** Conditions with an independent JavaScript reference (fail closed: an error counts as matched). */
const conditions: Record<string, (subject: PolicySubject) => boolean> = {
  'true': () => true,
  'profile.hasPersonalData': (subject) => (subject.profile.personalData ?? []).some((finding) => finding.count > 0),
  'profile.classification in ["CUI", "SECRET", "TOP SECRET"]': (subject) => ['CUI', 'SECRET', 'TOP SECRET'].includes(subject.profile.classification),
  'principal.country == "US"': (subject) => subject.principal.country === 'US',
  '"hr" in request.labels': (subject) => (subject.request.labels ?? []).includes('hr'),
  'profile.personalData[2].count > 1': (subject) => {
    const findings = (subject.profile.personalData ?? []).filter((finding) => finding.count > 0);
    return findings.length < 3 || findings[2]!.count > 1;
  },
};

/** One or two clauses per policy: enough to interact, sparse enough that many requests still route. */
const clauseArbitrary: fc.Arbitrary<PolicyRequire> = fc.oneof(
  fc.record({ tiers: fc.subarray(['edge', 'local', 'cloud'] as const, { minLength: 2 }) }),
  fc.record({ jurisdictions: fc.subarray(places, { minLength: 3 }) }),
  fc.record({ jurisdictionsDenied: fc.subarray(places, { minLength: 1, maxLength: 1 }) }),
  fc.record({ providers: fc.subarray(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'], { minLength: 4 }) }),
  fc.record({ providersDenied: fc.subarray(['p0', 'p1', 'p2', 'p3'], { minLength: 1, maxLength: 2 }) }),
  fc.record({ minClearance: fc.constantFrom(...classificationLevels, 'classification' as const) }),
  fc.record({ maxRetentionDays: fc.constantFrom(0, 7, 30, 'none' as const, 'zero' as const) }),
  fc.record({ noTraining: fc.boolean() }),
  fc.record({ operatorCountryNotIn: fc.subarray(places, { minLength: 1, maxLength: 1 }) }),
  fc.record({ certifications: fc.subarray(['ISO27001', 'C5', 'SOC2'], { minLength: 1, maxLength: 1 }) }),
);
const requireArbitrary: fc.Arbitrary<PolicyRequire> = fc.array(clauseArbitrary, { minLength: 1, maxLength: 2 })
  .map((clauses) => Object.assign({}, ...clauses) as PolicyRequire);

const policiesArbitrary = (prefix: string): fc.Arbitrary<PolicyInput[]> => fc.array(
  fc.record({ when: fc.constantFrom(...Object.keys(conditions)), require: requireArbitrary }),
  { maxLength: 3 },
).map((policies) => policies.map((policy, index) => ({ name: `${prefix}-${index}`, ...policy })));

const providerArbitrary = (index: number): fc.Arbitrary<ProviderEntry> => fc.record({
  tier: fc.constantFrom('edge', 'local', 'cloud'),
  jurisdiction: fc.constantFrom(...countries),
  operatorCountry: fc.constantFrom(...countries),
  clearance: fc.constantFrom(...classificationLevels),
  retention: fc.constantFrom(0, 7, 30, 90, 'none', 'zero'),
  trainsOnData: fc.boolean(),
  certifications: fc.subarray(['ISO27001', 'C5', 'SOC2'], { minLength: 1 }),
  input: fc.integer({ min: 0, max: 20 }),
  output: fc.integer({ min: 0, max: 20 }),
  quality: fc.integer({ min: 0, max: 10 }).map((value) => value / 10),
  tools: fc.constantFrom(true, true, false),
  vision: fc.boolean(),
  contextWindow: fc.constantFrom(4096, 32768),
  exportControlled: fc.constantFrom(false, false, true),
  exportGroups: fc.subarray(['FVEY', 'EU', 'JP']),
}).map((attributes) => provider(`p${index}`, {
  tier: attributes.tier,
  jurisdiction: attributes.jurisdiction,
  operator: { name: 'operator', country: attributes.operatorCountry },
  clearance: attributes.clearance,
  retention: attributes.retention as ProviderEntry['retention'],
  trainsOnData: attributes.trainsOnData,
  certifications: attributes.certifications,
}, {
  price: { input: attributes.input, output: attributes.output },
  quality: { overall: attributes.quality },
  capabilities: { tools: attributes.tools, vision: attributes.vision },
  contextWindow: attributes.contextWindow,
  exportControlled: attributes.exportControlled,
  exportGroups: attributes.exportGroups,
}));

const catalogArbitrary = fc.integer({ min: 1, max: 16 }).chain((size) => fc.tuple(...Array.from({ length: size }, (_, index) => providerArbitrary(index))));

const subjectArbitrary: fc.Arbitrary<PolicySubject> = fc.record({
  country: fc.option(fc.constantFrom(...countries), { nil: undefined }),
  classification: fc.constantFrom(...classificationLevels),
  personalData: fc.array(fc.record({ kind: fc.constantFrom('email', 'iban'), count: fc.integer({ min: 0, max: 3 }) }), { maxLength: 4 }),
  labels: fc.subarray(['hr', 'legal']),
  residency: fc.option(fc.constantFrom('EEA', 'adequacy'), { nil: undefined, freq: 3 }),
}).map((values) => ({
  principal: { tenant: 'acme', country: values.country },
  profile: { classification: values.classification, personalData: values.personalData, residency: values.residency },
  request: { model: 'chat', labels: values.labels },
}));

const requestArbitrary = fc.record({
  strategy: fc.constantFrom<Strategy>('cheapest', 'fastest', 'balanced', 'quality'),
  tools: fc.boolean(),
  vision: fc.constantFrom(false, false, true),
  estimatedInputTokens: fc.constantFrom(0, 1000, 10_000),
  qualityFloor: fc.constantFrom(0, 0, 0.3, 0.8),
});

const inGroups = (country: string, names: readonly string[]) => names.some((name) => expandJurisdiction(name).has(country));
const days = (retention: ProviderEntry['retention']) => (typeof retention === 'number' ? retention : 0);
const level = (classification: Classification) => classificationLevels.indexOf(classification);

/** An independent reading of one `require` block against a catalog entry (not the compiled predicate). */
function satisfies(entry: ProviderEntry, require: PolicyRequire, subject: PolicySubject): boolean {
  if (require.tiers && !require.tiers.includes(entry.tier)) return false;
  if (require.jurisdictions && !inGroups(entry.jurisdiction, require.jurisdictions)) return false;
  if (require.jurisdictionsDenied && inGroups(entry.jurisdiction, require.jurisdictionsDenied)) return false;
  if (require.providers && !require.providers.includes(entry.id)) return false;
  if (require.providersDenied?.includes(entry.id)) return false;
  if (require.minClearance !== undefined) {
    const minimum = require.minClearance === 'classification' ? subject.profile.classification : require.minClearance;
    if (level(entry.clearance) < level(minimum)) return false;
  }
  if (require.maxRetentionDays !== undefined && days(entry.retention) > days(require.maxRetentionDays)) return false;
  if (require.noTraining && entry.trainsOnData) return false;
  if (require.operatorCountryNotIn && inGroups(entry.operator.country, require.operatorCountryNotIn)) return false;
  if (require.certifications && !require.certifications.every((certification) => entry.certifications.includes(certification))) return false;
  return true;
}

/** Provider ids that may serve the request by the reference reading: policies in force, residency, export control. */
function compliantIds(catalog: readonly ProviderEntry[], policies: readonly PolicyInput[], subject: PolicySubject): Set<string> {
  const inForce = policies.filter((policy) => conditions[policy.when ?? 'true']!(subject));
  const residency = subject.profile.residency;
  return new Set(catalog.filter((entry) => {
    const model = entry.models[0]!;
    if (!inForce.every((policy) => satisfies(entry, policy.require ?? {}, subject))) return false;
    if (residency !== undefined && !expandJurisdiction(residency).has(entry.jurisdiction)) return false;
    if (model.exportControlled && !(subject.principal.country !== undefined && inGroups(subject.principal.country, model.exportGroups))) return false;
    return true;
  }).map((entry) => entry.id));
}

type Outcome = { ids: Set<string> } | { error: string };

describe('tenant policies can tighten but never loosen', () => {
  it('every candidate satisfies every constraint in force, and merged candidates ⊆ global candidates', () => {
    const seen = { routed: 0, narrowed: 0, denied: 0, incapable: 0 };
    fc.assert(
      fc.property(catalogArbitrary, policiesArbitrary('global'), policiesArbitrary('tenant'), subjectArbitrary, requestArbitrary,
        (catalog, globalPolicies, tenantPolicies, subject, request) => {
          const globalSet = compilePolicies(globalPolicies, { expandJurisdiction }, 'global');
          const merged = mergePolicySets(globalSet, compilePolicies(tenantPolicies, { expandJurisdiction }, 'tenant:acme'));
          const router = createRouter({ providers: catalog }, { expandJurisdiction, maxCandidates: 100 });
          const route = (set: typeof globalSet): Outcome => {
            const evaluation = evaluatePolicies(set, subject);
            try {
              const decision = router.decide({
                model: 'chat', ...evaluation, principalCountry: subject.principal.country, strategy: request.strategy,
                requiredCapabilities: { tools: request.tools, vision: request.vision },
                estimatedInputTokens: request.estimatedInputTokens, qualityFloor: request.qualityFloor,
              });
              return { ids: new Set(decision.candidates.map((candidate) => candidate.providerId)) };
            } catch (error) {
              if (!GatewayError.isInstance(error)) throw error;
              return { error: error.code };
            }
          };
          const capable = (entry: ProviderEntry) => {
            const model = entry.models[0]!;
            return (!request.tools || model.capabilities.tools) && (!request.vision || model.capabilities.vision)
              && model.contextWindow >= request.estimatedInputTokens && (model.quality['overall'] ?? 0) >= request.qualityFloor;
          };
          for (const [set, policies] of [[globalSet, globalPolicies], [merged, [...globalPolicies, ...tenantPolicies]]] as const) {
            const compliant = compliantIds(catalog, policies, subject);
            const expected = new Set(catalog.filter((entry) => compliant.has(entry.id) && capable(entry)).map((entry) => entry.id));
            const outcome = route(set);
            if (compliant.size === 0) expect(outcome).toEqual({ error: 'policy_denied' });
            else if (expected.size === 0) expect(outcome).toEqual({ error: 'invalid_request' });
            else expect(outcome).toEqual({ ids: expected });
          }
          const globalOutcome = route(globalSet);
          const mergedOutcome = route(merged);
          if ('error' in mergedOutcome) seen[mergedOutcome.error === 'policy_denied' ? 'denied' : 'incapable']++;
          else seen.routed++;
          if ('ids' in mergedOutcome && 'ids' in globalOutcome && mergedOutcome.ids.size < globalOutcome.ids.size) seen.narrowed++;
          if ('ids' in mergedOutcome) {
            expect('ids' in globalOutcome).toBe(true);
            for (const id of mergedOutcome.ids) expect((globalOutcome as { ids: Set<string> }).ids.has(id)).toBe(true);
          }
        }),
      { numRuns: 400 },
    );
    // The generators must reach every outcome, including tenants that really narrow the global result.
    expect(seen.routed).toBeGreaterThan(40);
    expect(seen.narrowed).toBeGreaterThan(5);
    expect(seen.denied).toBeGreaterThan(20);
    expect(seen.incapable).toBeGreaterThan(5);
  }, 120_000);

  it('a tenant policy that allows more than the global one adds no candidate', () => {
    const catalog = [provider('eu', { jurisdiction: 'DE' }), provider('us', { jurisdiction: 'US' }), provider('cn', { jurisdiction: 'CN' })];
    const globalSet = compilePolicies([{ name: 'eu-only', require: { jurisdictions: ['EU'] } }], { expandJurisdiction });
    const tenant = compilePolicies([{ name: 'anywhere', require: { jurisdictions: ['EU', 'US', 'CN'] } }], { expandJurisdiction });
    const router = createRouter({ providers: catalog }, { expandJurisdiction });
    const subject: PolicySubject = { principal: { tenant: 'acme' }, profile: { classification: 'UNCLASSIFIED' }, request: { model: 'chat' } };
    const decision = router.decide({ model: 'chat', ...evaluatePolicies(mergePolicySets(globalSet, tenant), subject) });
    expect(decision.candidates.map((candidate) => candidate.providerId)).toEqual(['eu']);
    expect(decision.policies).toEqual(['eu-only', 'anywhere']);
  });
});
