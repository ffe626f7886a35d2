import type { ChatRequest } from '../core/canonical/request.ts';
import { GatewayError } from '../core/errors/gateway-error.ts';
import { createIdGenerator } from '../core/ids.ts';
import { createJurisdictions, type JurisdictionsFileInput } from '../core/jurisdictions/index.ts';
import { compilePolicies, evaluatePolicies, mergePolicySets, type PolicyInput } from '../core/policy/index.ts';
import { profileText, type DataProfile, type DeclaredProfile } from '../core/profile/index.ts';
import { requestTexts } from '../core/profile/request-texts.ts';
import { createRouter, estimateInputTokens, explainDecision, strategies, type Decision, type Strategy } from '../core/router/index.ts';
import type { EdgeBundlePayload } from './edge-bundle.ts';

/** Where one request runs, and why, in the gateway's own explanation format. */
export interface EdgeDecision {
  where: 'device' | 'gateway' | 'refused';
  /** One sentence: why here. */
  reason: string;
  /** The router's decision (absent when a policy blocked the request before routing). */
  decision?: Decision;
  /** `explainDecision` text, the same the gateway gives at `GET /v1/decisions/:id` and `sovereign explain`. */
  explanation: string;
  profile: DataProfile;
  /** The policies in force for this request. */
  policies: readonly string[];
  strategy: Strategy;
  /** Why it was refused (`policy_denied`, `no_healthy_candidate`, ...). */
  error?: GatewayError;
}

/** What the page declares about a request, as a client would with `x-sovereign-*` headers. */
export interface EdgeDeclarations extends DeclaredProfile {
  strategy?: Strategy;
}

export interface EdgeRouter {
  decide(request: ChatRequest, declared: EdgeDeclarations, deviceAvailable: boolean): EdgeDecision;
  readonly deviceProviderId: string | undefined;
}

/**
 * Compiles a verified bundle once, the way the gateway compiles its configuration: jurisdictions, the global
 * policies merged with the tenant's, and a router over the gateway's providers plus the device. Each decision
 * profiles the request with the same detectors, evaluates the same policies and asks the same router; the
 * device is one more candidate (tier `edge`), unavailable when it cannot run a model.
 */
export function createEdgeRouter(payload: EdgeBundlePayload): EdgeRouter {
  const jurisdictions = createJurisdictions(payload.jurisdictions.data as JurisdictionsFileInput, payload.jurisdictions.groups);
  const expandJurisdiction = (nameOrCode: string) => jurisdictions.expand(nameOrCode);
  const global = compilePolicies(payload.policies as PolicyInput[], { expandJurisdiction }, 'edge bundle policies');
  const policies = payload.tenantPolicies.length === 0 ? global : mergePolicySets(global, compilePolicies(payload.tenantPolicies as PolicyInput[], { expandJurisdiction }, 'edge bundle tenant policies'));
  const defaultStrategy = toStrategy(payload.defaults.strategy) ?? toStrategy(payload.routing.defaultStrategy) ?? 'cheapest';
  const router = createRouter({ providers: payload.providers }, { expandJurisdiction, defaultStrategy, weights: payload.routing.weights, createId: createIdGenerator('dec_edge') });
  const deviceId = payload.device?.providerId;
  const tenantDefaults: DeclaredProfile = {
    ...(payload.defaults.classification ? { classification: payload.defaults.classification } : {}),
    ...(payload.defaults.residency ? { residency: payload.defaults.residency } : {}),
  };

  return {
    deviceProviderId: deviceId,
    decide(request, declared, deviceAvailable) {
      const profile = profileText(requestTexts(request), declared, tenantDefaults);
      const strategy = declared.strategy ?? defaultStrategy;
      const estimatedInputTokens = estimateInputTokens(request);
      const evaluation = evaluatePolicies(policies, {
        principal: payload.principal,
        profile: { ...profile, residency: profile.residency[0] ?? '' },
        request: { model: request.model, dialect: 'edge', stream: request.stream, hasTools: false, estimatedInputTokens, labels: profile.labels },
      });
      const constraints = [...evaluation.constraints, ...profile.residency.slice(1).map((requirement) => policies.residency(requirement))];
      const base = { profile, policies: evaluation.matched, strategy };
      if (evaluation.actions.has('block')) {
        const blocking = policies.policies.filter((policy) => policy.actions.includes('block') && evaluation.matched.includes(policy.name)).map((policy) => policy.name);
        const error = new GatewayError('policy_denied', { message: `Refused by policy ${blocking.join(', ')}: this request may not be sent to any provider.`, details: { policies: blocking } });
        return { ...base, where: 'refused', reason: error.message, explanation: error.message, error };
      }
      let decision: Decision;
      try {
        decision = router.decide({
          model: request.model,
          strategy,
          constraints,
          matched: evaluation.matched,
          errors: evaluation.errors,
          ...(payload.principal.country ? { principalCountry: payload.principal.country } : {}),
          requiredCapabilities: { tools: false, vision: false, json: false },
          estimatedInputTokens,
          ...(request.maxOutputTokens === undefined ? {} : { estimatedOutputTokens: request.maxOutputTokens }),
          health: (providerId) => (providerId === deviceId && !deviceAvailable ? 'open' : 'healthy'),
        });
      } catch (thrown) {
        const error = GatewayError.from(thrown);
        const refused = error.details?.decision as Decision | undefined;
        return { ...base, where: 'refused', reason: error.message, ...(refused ? { decision: refused } : {}), explanation: refused ? explainDecision(refused) : error.message, error };
      }
      const first = decision.candidates[0]!;
      const where = first.providerId === deviceId ? 'device' : 'gateway';
      return { ...base, where, reason: reasonFor(where, decision, deviceId, deviceAvailable), decision, explanation: explainDecision(decision) };
    },
  };
}

/** Why the request runs where it does, from the decision (the same facts `explainDecision` lists). */
function reasonFor(where: 'device' | 'gateway', decision: Decision, deviceId: string | undefined, deviceAvailable: boolean): string {
  if (where === 'device') {
    const gatewayCompliant = decision.candidates.some((candidate) => candidate.providerId !== deviceId) || decision.unavailable.some((candidate) => candidate.providerId !== deviceId);
    if (!gatewayCompliant) return `On the device: no gateway provider is allowed for it (policies: ${decision.policies.join(', ') || 'none'}), so it never leaves the device.`;
    return `On the device: it ranks first under the ${decision.strategy} strategy.`;
  }
  if (deviceId === undefined) return 'At the gateway: this tenant has no on-device model.';
  const excluded = decision.excluded.filter((candidate) => candidate.providerId === deviceId);
  if (excluded.length > 0) return `At the gateway: the device may not serve it (${excluded[0]!.reasons.map((reason) => reason.reason).join('; ')}).`;
  if (!deviceAvailable) return 'At the gateway: the device cannot run a model here.';
  if (!decision.candidates.some((candidate) => candidate.providerId === deviceId)) return `At the gateway: no device model serves "${decision.model}".`;
  return `At the gateway: ${decision.candidates[0]!.providerId} ranks above the device under the ${decision.strategy} strategy.`;
}

function toStrategy(value: string | undefined): Strategy | undefined {
  if (value === 'cascade') return 'cheapest';
  return strategies.includes(value as Strategy) ? (value as Strategy) : undefined;
}
