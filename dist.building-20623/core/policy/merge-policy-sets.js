import { GatewayError } from "../errors/gateway-error.js";
/**
 * Adds a tenant's policies on top of the global ones. Every policy of both sets is evaluated and every matched
 * constraint applies, so the candidates are the intersection: a tenant can tighten but never loosen (a tenant
 * policy has no way to remove a global constraint). A tenant policy may not reuse a global policy's name, so
 * decisions and audit records name policies unambiguously.
 */
export function mergePolicySets(global, tenant) {
    const globalNames = new Set(global.policies.map((policy) => policy.name));
    for (const policy of tenant.policies) {
        if (globalNames.has(policy.name)) {
            throw new GatewayError('invalid_request', {
                message: `Policy "${policy.name}"${policy.source === undefined ? '' : ` (${policy.source})`} has the name of a global policy`,
                details: { policy: policy.name, source: policy.source },
            });
        }
    }
    const globalCount = global.policies.length;
    return {
        policies: [...global.policies, ...tenant.policies],
        residency: global.residency,
        evaluateConditions: (bindings, results, offset) => {
            global.evaluateConditions(bindings, results, offset);
            tenant.evaluateConditions(bindings, results, offset + globalCount);
        },
    };
}
//# sourceMappingURL=merge-policy-sets.js.map