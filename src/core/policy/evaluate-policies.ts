import { conditionError } from './cel-condition.ts';
import type { CompiledConstraint } from './compile-constraint.ts';
import { residencyPolicyName, type CompiledPolicySet } from './compile-policies.ts';
import { buildPolicyBindings, classificationLevel, type PolicySubject } from './policy-context.ts';
import type { PolicyAction } from './policy-schema.ts';

/** A policy whose condition failed to evaluate; it was treated as matched (fail closed). */
export interface PolicyEvaluationError {
  readonly policy: string;
  readonly message: string;
}

/** What the policies in force require of one request. */
export interface PolicyEvaluation {
  /** Names of the matched policies, in order (including the built-in `residency` when it applies). */
  readonly matched: readonly string[];
  /** The hard constraints of the matched policies: a candidate must satisfy all of them. */
  readonly constraints: readonly CompiledConstraint[];
  readonly actions: ReadonlySet<PolicyAction>;
  readonly errors: readonly PolicyEvaluationError[];
  /** Matched policies that require post-quantum TLS to the provider (absent when none). */
  readonly postQuantumTransport?: readonly string[];
  /** Matched policies that require the client's connection to be post-quantum (absent when none). */
  readonly clientPostQuantumTransport?: readonly string[];
}

const scratch = new WeakMap<CompiledPolicySet, unknown[]>();
const noErrors: readonly PolicyEvaluationError[] = Object.freeze([]);

/**
 * Evaluates every policy's condition once for the request (never per candidate). A condition that fails to
 * evaluate counts as matched, so its constraints and actions apply (fail closed), and the error is reported in
 * `errors`. Never throws.
 */
export function evaluatePolicies(set: CompiledPolicySet, subject: PolicySubject): PolicyEvaluation {
  const bindings = buildPolicyBindings(subject);
  const level = classificationLevel(subject.profile.classification);
  const matched: string[] = [];
  const constraints: CompiledConstraint[] = [];
  const actions = new Set<PolicyAction>();
  let errors: PolicyEvaluationError[] | undefined;
  let postQuantum: string[] | undefined;
  let clientPostQuantum: string[] | undefined;
  const policies = set.policies;
  // Evaluation is synchronous, so one scratch array per set serves every request.
  let outcomes = scratch.get(set);
  if (outcomes === undefined) {
    outcomes = new Array(policies.length);
    scratch.set(set, outcomes);
  }
  set.evaluateConditions(bindings, outcomes, 0);
  for (let index = 0; index < policies.length; index++) {
    const policy = policies[index]!;
    const outcome = outcomes[index];
    if (outcome === false) continue;
    if (outcome !== true) (errors ??= []).push({ policy: policy.name, message: conditionError(outcome).message });
    matched.push(policy.name);
    const constraint = policy.constraintByLevel[level];
    if (constraint !== undefined) constraints.push(constraint);
    const policyActions = policy.actions;
    for (let action = 0; action < policyActions.length; action++) actions.add(policyActions[action]!);
    if (policy.postQuantumTransport) (postQuantum ??= []).push(policy.name);
    if (policy.clientPostQuantumTransport) (clientPostQuantum ??= []).push(policy.name);
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
