import { z } from 'zod';
import { classificationLevels } from "../catalog/catalog-schema.js";
import { GatewayError } from "../errors/gateway-error.js";
import { CelCompileError, compileCondition, compileConditionBatch } from "./cel-condition.js";
import { compileConstraint, nextConstraintId, UnknownJurisdictionError, } from "./compile-constraint.js";
import { classificationLevel, policyVariableFields } from "./policy-context.js";
import { policyListSchema } from "./policy-schema.js";
/** Name of the built-in policy that enforces `x-sovereign-residency` / the profile's residency. */
export const residencyPolicyName = 'residency';
function where(name, source) {
    return source === undefined ? `Policy "${name}"` : `Policy "${name}" (${source})`;
}
function compileOne(policy, expandJurisdiction, source) {
    let when;
    try {
        when = compileCondition(policy.when, policyVariableFields);
    }
    catch (error) {
        if (!(error instanceof CelCompileError))
            throw error;
        throw new GatewayError('invalid_request', {
            message: `${where(policy.name, source)}: when, at ${error.line}:${error.column}: ${error.detail}`,
            details: { policy: policy.name, source, line: error.line, column: error.column },
        });
    }
    const constraintByLevel = [];
    try {
        const minClearance = policy.require.minClearance;
        if (minClearance === 'classification') {
            for (let level = 0; level < classificationLevels.length; level++) {
                constraintByLevel.push(compileConstraint(policy.name, policy.require, level, expandJurisdiction, source));
            }
        }
        else {
            const level = minClearance === undefined ? undefined : classificationLevel(minClearance);
            const constraint = compileConstraint(policy.name, policy.require, level, expandJurisdiction, source);
            for (let level = 0; level < classificationLevels.length; level++)
                constraintByLevel.push(constraint);
        }
    }
    catch (error) {
        if (!(error instanceof UnknownJurisdictionError))
            throw error;
        throw new GatewayError('invalid_request', {
            message: `${where(policy.name, source)}: require: ${error.message}`,
            details: { policy: policy.name, source },
        });
    }
    return {
        name: policy.name,
        description: policy.description,
        source,
        when,
        actions: policy.actions,
        constraintByLevel,
        postQuantumTransport: policy.require.postQuantumTransport === true,
        clientPostQuantumTransport: policy.require.clientPostQuantumTransport === true,
    };
}
const residencyCacheLimit = 256;
function residencyConstraints(expandJurisdiction) {
    const cache = new Map();
    return (requirement) => {
        const cached = cache.get(requirement);
        if (cached !== undefined)
            return cached;
        let constraint;
        try {
            constraint = compileConstraint(residencyPolicyName, { jurisdictions: [requirement] }, undefined, expandJurisdiction, 'built-in');
        }
        catch (error) {
            if (!(error instanceof UnknownJurisdictionError))
                throw error;
            const reason = `residency "${requirement}" names no known jurisdiction (policy ${residencyPolicyName})`;
            constraint = { id: nextConstraintId(), policy: residencyPolicyName, source: 'built-in', allows: () => false, explain: () => [reason] };
        }
        // Residency values come from request headers: bound the cache so they cannot grow it without limit.
        if (cache.size < residencyCacheLimit)
            cache.set(requirement, constraint);
        return constraint;
    };
}
/**
 * Validates and compiles policies once: every CEL `when` is parsed, checked and planned; every `require` is
 * compiled to a predicate with jurisdiction groups expanded. Errors are `invalid_request` GatewayErrors that
 * name the policy, the source and, for CEL, the line and column.
 */
export function compilePolicies(policies, options, source) {
    const parsed = policyListSchema.safeParse(policies);
    if (!parsed.success) {
        throw new GatewayError('invalid_request', {
            message: `Invalid policies${source === undefined ? '' : ` in ${source}`}: ${z.prettifyError(parsed.error)}`,
            details: { source },
        });
    }
    const compiled = parsed.data.map((policy) => {
        if (policy.name === residencyPolicyName) {
            throw new GatewayError('invalid_request', {
                message: `${where(policy.name, source)}: the name "${residencyPolicyName}" is reserved for the built-in residency policy`,
                details: { policy: policy.name, source },
            });
        }
        return compileOne(policy, options.expandJurisdiction, source);
    });
    return {
        policies: compiled,
        residency: residencyConstraints(options.expandJurisdiction),
        evaluateConditions: compileConditionBatch(compiled.map((policy) => policy.when), policyVariableFields),
    };
}
//# sourceMappingURL=compile-policies.js.map