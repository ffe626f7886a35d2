import { GatewayError } from '../errors/gateway-error.ts';
import type { CandidateGroup } from './candidate-index.ts';
import type { Decision } from './decision.ts';
import { exclusionReasons, exportAllows, type RoutingRequest } from './routing-request.ts';

/**
 * The policies (and `export-control`) that excluded at least one candidate of the group: the names a
 * `policy_denied` error gives. Runs only on the error path.
 */
export function excludingPolicies(group: CandidateGroup, request: RoutingRequest): string[] {
  const names = new Set<string>();
  for (const constraint of request.constraints) {
    if (names.has(constraint.policy)) continue;
    if (group.candidates.some((candidate) => !constraint.allows(candidate.facts))) names.add(constraint.policy);
  }
  if (group.candidates.some((candidate) => !exportAllows(candidate, request.principalCountry))) names.add('export-control');
  return [...names];
}

/**
 * The one reason every candidate was excluded for, when there is one (e.g. the runtime cannot negotiate
 * post-quantum TLS with anybody): worth saying in the refusal itself, not only in the decision.
 */
function commonReason(group: CandidateGroup, request: RoutingRequest): string | undefined {
  let common: string | undefined;
  for (const candidate of group.candidates) {
    const reasons = exclusionReasons(candidate, request);
    if (reasons.length !== 1 || (common !== undefined && reasons[0]!.reason !== common)) return undefined;
    common = reasons[0]!.reason;
  }
  return common;
}

/** No candidate satisfies the policies in force: 403 naming them; nothing is sent anywhere. */
export function deniedError(decision: Decision, group: CandidateGroup, request: RoutingRequest): GatewayError {
  const policies = excludingPolicies(group, request);
  const reason = group.candidates.length > 1 ? commonReason(group, request) : exclusionReasons(group.candidates[0]!, request).map((item) => item.reason).join('; ');
  return new GatewayError('policy_denied', {
    message: `No provider of "${decision.model}" satisfies the policies in force: ${policies.join(', ')}.${reason ? ` Every candidate: ${reason}.` : ''}`,
    details: { decisionId: decision.id, policies, decision },
  });
}

/** Compliant candidates exist but none can serve the request (capabilities, context window, quality floor). */
export function incapableError(decision: Decision, request: RoutingRequest): GatewayError {
  const needs: string[] = [];
  for (const capability of ['tools', 'vision', 'json'] as const) if (request[capability]) needs.push(`supports ${capability}`);
  if (request.inputTokens > 0) needs.push(`has a context window of at least ${request.inputTokens} tokens`);
  if (request.qualityFloor > 0) needs.push(`reaches the quality floor ${request.qualityFloor}`);
  return new GatewayError('invalid_request', {
    message: `No provider of "${decision.model}" allowed by the policies ${needs.join(' and ')}.`,
    param: 'model',
    details: { decisionId: decision.id, decision },
  });
}

/** Every compliant, capable candidate's provider has its circuit open. */
export function unhealthyError(decision: Decision): GatewayError {
  const providers = [...new Set(decision.unavailable.map((candidate) => candidate.providerId))];
  return new GatewayError('no_healthy_candidate', {
    message: `Every provider allowed for "${decision.model}" is unavailable: ${providers.join(', ')}.`,
    details: { decisionId: decision.id, providers, decision },
  });
}
