import { GatewayError } from "../errors/gateway-error.js";
import { exclusionReasons, exportAllows } from "./routing-request.js";
/**
 * The policies (and `export-control`) that excluded at least one candidate of the group: the names a
 * `policy_denied` error gives. Runs only on the error path.
 */
export function excludingPolicies(group, request) {
    const names = new Set();
    for (const constraint of request.constraints) {
        if (names.has(constraint.policy))
            continue;
        if (group.candidates.some((candidate) => !constraint.allows(candidate.facts)))
            names.add(constraint.policy);
    }
    if (group.candidates.some((candidate) => !exportAllows(candidate, request.principalCountry)))
        names.add('export-control');
    return [...names];
}
/**
 * The one reason every candidate was excluded for, when there is one (e.g. the runtime cannot negotiate
 * post-quantum TLS with anybody): worth saying in the refusal itself, not only in the decision.
 */
function commonReason(group, request) {
    let common;
    for (const candidate of group.candidates) {
        const reasons = exclusionReasons(candidate, request);
        if (reasons.length !== 1 || (common !== undefined && reasons[0].reason !== common))
            return undefined;
        common = reasons[0].reason;
    }
    return common;
}
/** No candidate satisfies the policies in force: 403 naming them; nothing is sent anywhere. */
export function deniedError(decision, group, request) {
    const policies = excludingPolicies(group, request);
    const reason = group.candidates.length > 1 ? commonReason(group, request) : exclusionReasons(group.candidates[0], request).map((item) => item.reason).join('; ');
    return new GatewayError('policy_denied', {
        message: `No provider of "${decision.model}" satisfies the policies in force: ${policies.join(', ')}.${reason ? ` Every candidate: ${reason}.` : ''}`,
        details: { decisionId: decision.id, policies, decision },
    });
}
/** Compliant candidates exist but none can serve the request (capabilities, context window, quality floor). */
export function incapableError(decision, request) {
    const needs = [];
    for (const capability of ['tools', 'vision', 'json'])
        if (request[capability])
            needs.push(`supports ${capability}`);
    if (request.inputTokens > 0)
        needs.push(`has a context window of at least ${request.inputTokens} tokens`);
    if (request.qualityFloor > 0)
        needs.push(`reaches the quality floor ${request.qualityFloor}`);
    return new GatewayError('invalid_request', {
        message: `No provider of "${decision.model}" allowed by the policies ${needs.join(' and ')}.`,
        param: 'model',
        details: { decisionId: decision.id, decision },
    });
}
/** Every compliant, capable candidate's provider has its circuit open. */
export function unhealthyError(decision) {
    const providers = [...new Set(decision.unavailable.map((candidate) => candidate.providerId))];
    return new GatewayError('no_healthy_candidate', {
        message: `Every provider allowed for "${decision.model}" is unavailable: ${providers.join(', ')}.`,
        details: { decisionId: decision.id, providers, decision },
    });
}
//# sourceMappingURL=routing-errors.js.map