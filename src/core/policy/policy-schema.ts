import { z } from 'zod';
import { classificationSchema, tierSchema } from '../catalog/catalog-schema.ts';

/**
 * Policies as written in YAML (global configuration or a tenant's own). A policy applies when its CEL `when`
 * holds over `principal`, `profile` and `request`; it then constrains which providers may serve the request
 * (`require`, hard constraints) and asks for actions. Objects are strict: a misspelt key is an error, not a
 * silently ignored constraint.
 * @see https://github.com/google/cel-spec/blob/master/doc/langdef.md
 */
export const policyActionSchema = z.enum(['block', 'redact', 'pseudonymise', 'no-cache', 'audit-prompt']);
export type PolicyAction = z.infer<typeof policyActionSchema>;

const names = z.array(z.string().min(1)).min(1);

export const policyRequireSchema = z.strictObject({
  /** Allowed tiers. */
  tiers: z.array(tierSchema).min(1).optional(),
  /** Allowed places of inference: ISO country codes or groups (`EU`, `EEA`, `adequacy`, ...). */
  jurisdictions: names.optional(),
  jurisdictionsDenied: names.optional(),
  /** Allowed provider ids. */
  providers: names.optional(),
  providersDenied: names.optional(),
  /** A level, or `classification`: at least the request's own classification. */
  minClearance: z.union([classificationSchema, z.literal('classification')]).optional(),
  /** Longest retention allowed, in days; `none` and `zero` mean 0. */
  maxRetentionDays: z.union([z.number().int().nonnegative(), z.enum(['none', 'zero'])]).optional(),
  /** Only providers that do not train on the data. `false` adds nothing. */
  noTraining: z.boolean().optional(),
  /** Operators whose home country is in these countries or groups are excluded. */
  operatorCountryNotIn: names.optional(),
  /** The provider must hold every one of these certifications. */
  certifications: names.optional(),
});
export type PolicyRequire = z.infer<typeof policyRequireSchema>;

export const policySchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'policy names are letters, digits, ".", "_", ":" and "-"'),
  description: z.string().optional(),
  /** CEL over `principal`, `profile` and `request`; absent means always. */
  when: z.string().min(1).default('true'),
  require: policyRequireSchema.default({}),
  actions: z.array(policyActionSchema).default([]),
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
