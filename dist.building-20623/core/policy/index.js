export { policyActionSchema, policyListSchema, policyRequireSchema, policySchema } from "./policy-schema.js";
export { compilePolicies, residencyPolicyName } from "./compile-policies.js";
export { evaluatePolicies } from "./evaluate-policies.js";
export { mergePolicySets } from "./merge-policy-sets.js";
export { compileConstraint } from "./compile-constraint.js";
export { providerFactsOf } from "./provider-facts.js";
export { buildPolicyBindings, classificationLevel, policyVariableFields, } from "./policy-context.js";
export { compileCondition, CelCompileError } from "./cel-condition.js";
//# sourceMappingURL=index.js.map