import { conditionError } from "./cel-condition.js";
import { residencyPolicyName } from "./compile-policies.js";
import { buildPolicyBindings, classificationLevel } from "./policy-context.js";
const scratch = new WeakMap();
const noErrors = Object.freeze([]);
/**
 * Evaluates every policy's condition once for the request (never per candidate). A condition that fails to
 * evaluate counts as matched, so its constraints and actions apply (fail closed), and the error is reported in
 * `errors`. Never throws.
 */
export function evaluatePolicies(set, subject) {
    const bindings = buildPolicyBindings(subject);
    const level = classificationLevel(subject.profile.classification);
    const matched = [];
    const constraints = [];
    const actions = new Set();
    let errors;
    let postQuantum;
    let clientPostQuantum;
    const policies = set.policies;
    // Evaluation is synchronous, so one scratch array per set serves every request.
    let outcomes = scratch.get(set);
    if (outcomes === undefined) {
        outcomes = new Array(policies.length);
        scratch.set(set, outcomes);
    }
    set.evaluateConditions(bindings, outcomes, 0);
    for (let index = 0; index < policies.length; index++) {
        const policy = policies[index];
        const outcome = outcomes[index];
        if (outcome === false)
            continue;
        if (outcome !== true)
            (errors ??= []).push({ policy: policy.name, message: conditionError(outcome).message });
        matched.push(policy.name);
        const constraint = policy.constraintByLevel[level];
        if (constraint !== undefined)
            constraints.push(constraint);
        const policyActions = policy.actions;
        for (let action = 0; action < policyActions.length; action++)
            actions.add(policyActions[action]);
        if (policy.postQuantumTransport)
            (postQuantum ??= []).push(policy.name);
        if (policy.clientPostQuantumTransport)
            (clientPostQuantum ??= []).push(policy.name);
    }
    const residency = subject.profile.residency || subject.request.residency;
    if (residency) {
        matched.push(residencyPolicyName);
        constraints.push(set.residency(residency));
    }
    return {
        matched,
        constraints,
        actions,
        errors: errors ?? noErrors,
        ...(postQuantum ? { postQuantumTransport: postQuantum } : {}),
        ...(clientPostQuantum ? { clientPostQuantumTransport: clientPostQuantum } : {}),
    };
}
//# sourceMappingURL=evaluate-policies.js.map