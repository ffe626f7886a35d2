import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error.ts';
import { expandJurisdiction } from '../policy/__fixtures__/jurisdictions.ts';
import { compilePolicies } from '../policy/compile-policies.ts';
import { evaluatePolicies } from '../policy/evaluate-policies.ts';
import type { PolicySubject } from '../policy/policy-context.ts';
import type { TransportFacts } from '../transport/transport-security.ts';
import { provider } from './__fixtures__/catalog.ts';
import { createRouter, type TransportFactsSource } from './create-router.ts';

const subject: PolicySubject = {
  principal: { tenant: 'default', keyId: 'k', scopes: ['*'], clearance: 'UNCLASSIFIED', labels: [] },
  profile: {
    classification: 'CUI', caveats: [], markings: [], personalData: [], secrets: [], residency: '', labels: [],
    classificationSource: 'detected',
  } as unknown as PolicySubject['profile'],
  request: { model: 'chat', dialect: 'openai', stream: false, hasTools: false, estimatedInputTokens: 10, labels: [] },
};

const policies = compilePolicies(
  [
    { name: 'cui-quantum-safe', when: "profile.classification == 'CUI'", require: { postQuantumTransport: true } },
    { name: 'clients-quantum-safe', require: { clientPostQuantumTransport: true } },
    { name: 'unrelated', require: { noTraining: true } },
  ],
  { expandJurisdiction },
);

/** A transport source the test drives: facts per provider and a version bumped on every change. */
function transports(initial: Record<string, TransportFacts>): TransportFactsSource & { set(id: string, facts: TransportFacts): void } {
  const facts = new Map(Object.entries(initial));
  let version = 0;
  return {
    get version() {
      return version;
    },
    of: (id) => facts.get(id) ?? { postQuantum: false, description: 'not verified' },
    set(id, next) {
      facts.set(id, next);
      version++;
    },
  };
}

const hybrid: TransportFacts = { postQuantum: true, description: 'TLSv1.3 with X25519MLKEM768' };
const classical: TransportFacts = { postQuantum: false, description: 'TLSv1.3 with X25519' };

describe('policies requiring post-quantum transport', () => {
  it('names the matched policies that require it of providers and of clients', () => {
    const evaluation = evaluatePolicies(policies, subject);
    expect(evaluation.postQuantumTransport).toEqual(['cui-quantum-safe']);
    expect(evaluation.clientPostQuantumTransport).toEqual(['clients-quantum-safe']);
    const unclassified = evaluatePolicies(policies, { ...subject, profile: { ...subject.profile, classification: 'UNCLASSIFIED' } });
    expect(unclassified.postQuantumTransport).toBeUndefined();
  });

  it('admits only providers whose transport was verified post-quantum, and follows the facts as they change', () => {
    const source = transports({ quantum: hybrid, classic: classical });
    const router = createRouter({ providers: [provider('quantum', {}, { price: { input: 5, output: 5 } }), provider('classic'), provider('plain')] }, { expandJurisdiction, transport: source });
    const { constraints, matched } = evaluatePolicies(policies, subject);
    expect(router.decide({ model: 'chat', constraints, matched }).candidates.map((candidate) => candidate.providerId)).toEqual(['quantum']);
    const decision = router.decide({ model: 'chat', constraints, matched });
    expect(decision.excluded).toEqual(expect.arrayContaining([
      { providerId: 'classic', model: 'chat', reasons: [{ kind: 'policy', policy: 'cui-quantum-safe', reason: 'transport not post-quantum: TLSv1.3 with X25519 (policy cui-quantum-safe)' }] },
      { providerId: 'plain', model: 'chat', reasons: [{ kind: 'policy', policy: 'cui-quantum-safe', reason: 'transport not post-quantum: not verified (policy cui-quantum-safe)' }] },
    ]));

    source.set('classic', hybrid);
    expect(router.decide({ model: 'chat', constraints, matched, strategy: 'cheapest' }).candidates.map((candidate) => candidate.providerId)).toEqual(['classic', 'quantum']);

    source.set('classic', classical);
    source.set('quantum', { postQuantum: false, description: 'TLSv1.3 with P-256' });
    let denied: unknown;
    try {
      router.decide({ model: 'chat', constraints, matched });
    } catch (error) {
      denied = error;
    }
    expect(GatewayError.isInstance(denied) && denied.code).toBe('policy_denied');
    expect((denied as GatewayError).message).toContain('cui-quantum-safe');
  });

  it('leaves requests the policy does not match alone', () => {
    const router = createRouter({ providers: [provider('classic')] }, { expandJurisdiction, transport: transports({ classic: classical }) });
    const { constraints } = evaluatePolicies(policies, { ...subject, profile: { ...subject.profile, classification: 'OFFICIAL' } });
    expect(router.decide({ model: 'chat', constraints }).candidates.map((candidate) => candidate.providerId)).toEqual(['classic']);
  });
});
