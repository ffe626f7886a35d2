import { GatewayError } from '../../core/errors/gateway-error.ts';
import { evaluatePolicies, type CompiledPolicySet } from '../../core/policy/index.ts';
import type { Stage } from '../pipeline/stage.ts';
import type { Authenticated, Enforced, Profiled } from '../pipeline/context.ts';
import { estimatedInputTokensOf } from '../pipeline/estimated-input-tokens.ts';

export interface EnforceOptions {
  policiesFor(tenant: string): CompiledPolicySet;
  /** Labels every principal of a tenant carries (tenant configuration). */
  tenantLabels(tenant: string): readonly string[];
  tenantCountry(tenant: string): string | undefined;
}

/**
 * Evaluates the policies in force (global plus the tenant's own) once for the request, with each condition
 * compiled at load: the matched policies' constraints go to the router as hard constraints, their actions to
 * the stages that act on them. A `block` action refuses the request here with `policy_denied` naming the
 * policy, before anything is sent anywhere. Every residency requirement (tenant default, client header) adds
 * the built-in `residency` constraint.
 */
export function enforce(options: EnforceOptions): Stage<Authenticated & Profiled, Enforced> {
  return function enforceStage(context, next) {
    const principal = context.principal;
    const profile = context.profile;
    const set = options.policiesFor(principal.tenant);
    const labels = [...principal.labels, ...options.tenantLabels(principal.tenant)];
    const country = principal.country ?? options.tenantCountry(principal.tenant);
    const request = context.request;
    const evaluation = evaluatePolicies(set, {
      principal: { ...principal, labels, ...(country ? { country } : {}) },
      profile: { ...profile, residency: profile.residency[0] ?? '' },
      request: {
        model: request?.model ?? context.embeddingRequest?.model ?? '',
        dialect: context.dialect,
        stream: request?.stream ?? false,
        hasTools: (request?.tools?.length ?? 0) > 0,
        estimatedInputTokens: estimatedInputTokensOf(context),
        labels: profile.labels,
      },
    });
    // The first residency requirement is bound above; every further one must hold too.
    const extra = profile.residency.slice(1).map((requirement) => set.residency(requirement));
    context.policy = extra.length === 0 ? evaluation : { ...evaluation, constraints: [...evaluation.constraints, ...extra] };
    if (evaluation.actions.has('block')) {
      const blocking = set.policies.filter((policy) => policy.actions.includes('block') && evaluation.matched.includes(policy.name)).map((policy) => policy.name);
      throw new GatewayError('policy_denied', {
        message: `Refused by policy ${blocking.join(', ')}: this request may not be sent to any provider.`,
        details: { policies: blocking },
      });
    }
    return next();
  };
}
