import { z } from 'zod';
import { classificationSchema, countryCode } from '../../core/catalog/catalog-schema.ts';
import { budgetLimitsSchema } from '../budget/budget-limits.ts';
import { rateLimitsSchema } from '../rate-limit/rate-limits.ts';
import { knownScopes } from './check-scope.ts';

export const tenantSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a tenant is 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit');

/** A model glob: `gpt-4o`, `gpt-4o*`, `*`. */
export const modelPatternSchema = z.string().min(1).max(200).regex(/^\S+$/, 'a model pattern has no spaces');

/** Requests per minute of an `edge` key created without a rate limit: it is published in web pages. */
export const defaultEdgeRequestsPerMinute = 60;

/**
 * What a new virtual key is made of. Shared by the admin API (after renaming its snake_case fields) and the CLI.
 * An `edge` key is publishable: it carries no other scope, and a request rate limit (60 a minute unless given).
 */
export const createKeyInputSchema = z.strictObject({
  tenant: tenantSchema,
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(knownScopes)).min(1).default(['chat', 'embeddings']),
  models: z.array(modelPatternSchema).min(1).default(['*']),
  clearance: classificationSchema.default('UNCLASSIFIED'),
  country: countryCode.optional(),
  labels: z.array(z.string().min(1).max(100)).default([]),
  budgets: budgetLimitsSchema.default({}),
  rateLimits: rateLimitsSchema.default({}),
  /** When the key stops working (ms since the epoch). */
  expiresAt: z.number().int().positive().optional(),
})
  .refine((input) => !input.scopes.includes('edge') || input.scopes.length === 1, {
    path: ['scopes'],
    message: 'an edge key is published in web pages: it may carry no scope but edge',
  })
  .transform((input) =>
    input.scopes.includes('edge') && input.rateLimits.requestsPerMinute === undefined
      ? { ...input, rateLimits: { ...input.rateLimits, requestsPerMinute: defaultEdgeRequestsPerMinute } }
      : input,
  );
export type CreateKeyInput = z.input<typeof createKeyInputSchema>;
export type CreateKeyFields = z.output<typeof createKeyInputSchema>;
