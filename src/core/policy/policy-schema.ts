import { z } from 'zod';
import { classificationSchema, tierSchema } from '../catalog/catalog-schema.ts';

/**
 * Policies as written in YAML (global configuration or a tenant's own). A policy applies when its CEL `when`
 * holds over `principal`, `profile` and `request`; it then constrains which providers may serve the request
 * (`require`, hard constraints) and asks for actions. Objects are strict: a misspelt key is an error, not a
 * silently ignored constraint.
 * @see https://github.com/google/cel-spec/blob/master/doc/langdef.md
 */
export const policyActionSchema = z
  .enum(['block', 'redact', 'pseudonymise', 'no-cache', 'audit-prompt'])
  .describe('`block` refuses; `redact` / `pseudonymise` replace personal values and credentials before sending; `no-cache` keeps the answer out of the cache; `audit-prompt` records the prompt in the audit log.');
export type PolicyAction = z.infer<typeof policyActionSchema>;

const names = z.array(z.string().min(1)).min(1);

export const policyRequireSchema = z.strictObject({
  tiers: z.array(tierSchema).min(1).optional().describe('Allowed tiers.'),
  jurisdictions: names.optional().describe('Allowed places of inference: ISO country codes or groups (`EU`, `EEA`, `adequacy`, ...).'),
  jurisdictionsDenied: names.optional().describe('Places of inference not allowed: countries or groups.'),
  providers: names.optional().describe('Allowed provider ids.'),
  providersDenied: names.optional().describe('Provider ids not allowed.'),
  minClearance: z
    .union([classificationSchema, z.literal('classification')])
    .optional()
    .describe("A level, or `classification`: at least the request's own classification."),
  maxRetentionDays: z
    .union([z.number().int().nonnegative(), z.enum(['none', 'zero'])])
    .optional()
    .describe('Longest retention allowed, in days; `none` and `zero` mean 0.'),
  noTraining: z.boolean().optional().describe('Only providers that do not train on the data. `false` adds nothing.'),
  operatorCountryNotIn: names.optional().describe('Operators whose home country is in these countries or groups are excluded.'),
  certifications: names.optional().describe('The provider must hold every one of these certifications.'),
  postQuantumTransport: z
    .boolean()
    .optional()
    .describe('Only providers whose TLS connections verifiably negotiated a post-quantum key exchange (`X25519MLKEM768`); needs Node 24 or later. `false` adds nothing.'),
  clientPostQuantumTransport: z
    .boolean()
    .optional()
    .describe("The client's own connection to the gateway must have negotiated a post-quantum key exchange (`server.tls`); else 403 naming the policy. `false` adds nothing."),
});
export type PolicyRequire = z.infer<typeof policyRequireSchema>;

export const policySchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'policy names are letters, digits, ".", "_", ":" and "-"').describe('Unique name; refusals and decisions cite it.'),
  description: z.string().optional().describe('What the policy is for, for people.'),
  when: z.string().min(1).default('true').describe('CEL over `principal`, `profile` and `request`; absent means always.'),
  require: policyRequireSchema.default({}).describe('Hard constraints on the providers that may serve a request the policy applies to.'),
  actions: z.array(policyActionSchema).default([]).describe('What happens to a request the policy applies to.'),
});
export type Policy = z.infer<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;

export const policyListSchema = z.array(policySchema).superRefine((policies, context) => {
  const seen = new Set<string>();
  policies.forEach((policy, index) => {
    if (seen.has(policy.name)) context.addIssue({ code: 'custom', path: [index, 'name'], message: `duplicate policy name "${policy.name}"` });
    seen.add(policy.name);
  });
});
