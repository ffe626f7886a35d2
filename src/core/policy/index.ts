export { policyActionSchema, policyListSchema, policyRequireSchema, policySchema } from './policy-schema.ts';
export type { Policy, PolicyAction, PolicyInput, PolicyRequire } from './policy-schema.ts';
export { compilePolicies, residencyPolicyName, type CompiledPolicy, type CompiledPolicySet, type CompilePoliciesOptions } from './compile-policies.ts';
export { evaluatePolicies, type PolicyEvaluation, type PolicyEvaluationError } from './evaluate-policies.ts';
export { mergePolicySets } from './merge-policy-sets.ts';
export { compileConstraint, type CompiledConstraint, type ExpandJurisdiction } from './compile-constraint.ts';
export { providerFactsOf, type ProviderFacts, type ProviderFactsSource, type TransportFactsOf } from './provider-facts.ts';
export {
  buildPolicyBindings, classificationLevel, policyVariableFields,
  type PolicyPrincipal, type PolicyProfile, type PolicyRequestFacts, type PolicySubject, type PolicyToolFacts,
} from './policy-context.ts';
export { compileCondition, CelCompileError, type CompiledCondition } from './cel-condition.ts';
