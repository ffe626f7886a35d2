import { z } from 'zod';

/**
 * The provider catalog: what each provider is, where it runs, who operates it, what data it may receive, and
 * what it serves at which price. Validated by zod at load; an invalid catalog is refused with path and reason.
 * Everything routing and policy decide is derived from these attributes.
 */

/** ISO 3166-1 alpha-2 country code, upper case. */
export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code such as "DE"');

export const tierSchema = z.enum(['edge', 'local', 'cloud']);
export type Tier = z.infer<typeof tierSchema>;

/** Classification levels, lowest first. A provider's clearance is the highest level it is accredited for. */
export const classificationLevels = ['UNCLASSIFIED', 'OFFICIAL', 'CUI', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'] as const;
export const classificationSchema = z.enum(classificationLevels);
export type Classification = z.infer<typeof classificationSchema>;

/** `none`: nothing is stored; `zero`: zero data retention by contract; a number: days kept. */
export const retentionSchema = z.union([z.literal('none'), z.literal('zero'), z.number().int().nonnegative()]);
export type Retention = z.infer<typeof retentionSchema>;

export const adapterNameSchema = z.enum(['openai-compatible', 'anthropic', 'gemini', 'ollama']);

/** Prices in USD per million tokens. */
export const priceSchema = z.strictObject({
  input: z.number().nonnegative(),
  cachedInput: z.number().nonnegative().optional(),
  cacheWrite: z.number().nonnegative().optional(),
  output: z.number().nonnegative(),
});
export type Price = z.infer<typeof priceSchema>;

export const modelSchema = z.strictObject({
  /** The name clients use and, unless `upstreamName` is set, the name sent to the provider. */
  name: z.string().min(1),
  upstreamName: z.string().min(1).optional(),
  /** Other names clients may use, e.g. `gpt-4o` for a local model that stands in for it, or `small`. */
  aliases: z.array(z.string().min(1)).default([]),
  /**
   * Name patterns this model also serves (`*` is any run of characters), for names no model or alias is called:
   * `claude-*` lets a client's default model reach an Anthropic provider without configuration. A plain pattern sends
   * the client's own name to the provider; `{ match, upstream }` sends `upstream` instead.
   */
  patterns: z
    .array(z.union([z.string().min(1), z.strictObject({ match: z.string().min(1), upstream: z.string().min(1) })]))
    .default([]),
  family: z.string().optional(),
  price: priceSchema.default({ input: 0, output: 0 }),
  contextWindow: z.number().int().positive().default(8192),
  maxOutputTokens: z.number().int().positive().optional(),
  capabilities: z
    .strictObject({
      tools: z.boolean().default(true),
      vision: z.boolean().default(false),
      json: z.boolean().default(true),
      embeddings: z.boolean().default(false),
    })
    .default({ tools: true, vision: false, json: true, embeddings: false }),
  /** Quality scores in [0, 1] by benchmark or task family; `overall` is used by the `quality` strategy. */
  quality: z.record(z.string(), z.number().min(0).max(1)).default({}),
  /** Export-controlled model: may serve only principals whose country is in one of `exportGroups`. */
  exportControlled: z.boolean().default(false),
  exportGroups: z.array(z.string()).default([]),
});
export type ModelEntry = z.infer<typeof modelSchema>;

export const simulatedBehaviourSchema = z.strictObject({
  /** Time to first token in ms. */
  ttftMs: z.number().nonnegative().default(0),
  /** Output tokens per second; 0 means instant. */
  tokensPerSecond: z.number().nonnegative().default(0),
  /** Output length in tokens (words). */
  outputTokens: z.number().int().nonnegative().default(24),
  seed: z.number().int().default(1),
  /** Rounds of tool calls before the simulated model answers in text (so agent loops end). */
  toolRounds: z.number().int().nonnegative().default(1),
});

export const providerSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'provider ids are lower-case letters, digits, ".", "_" and "-"'),
  adapter: adapterNameSchema,
  tier: tierSchema,
  /** Where inference runs (ISO 3166-1 alpha-2). */
  jurisdiction: countryCode,
  region: z.string().optional(),
  operator: z.strictObject({ name: z.string().min(1), country: countryCode }),
  clearance: classificationSchema.default('UNCLASSIFIED'),
  retention: retentionSchema.default(30),
  trainsOnData: z.boolean().default(false),
  certifications: z.array(z.string()).default([]),
  hardware: z.string().optional(),
  /** Base URL of the API. Absent for simulated providers (the gateway starts the simulator and fills it in). */
  baseUrl: z
    .preprocess((value) => (typeof value === 'string' && value !== '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? `http://${value}` : value), z.url())
    .optional(),
  /** The credential, usually `${ENV_VAR}`; never logged. */
  apiKey: z.string().optional(),
  headers: z.record(z.string(), z.string()).default({}),
  azure: z.strictObject({ apiVersion: z.string() }).optional(),
  /** The provider is configured only when these environment variables are set (e.g. a real cloud key). */
  requiresEnv: z.array(z.string()).default([]),
  /** Served by the built-in simulator in the provider's dialect, with this behaviour. */
  simulated: simulatedBehaviourSchema.optional(),
  timeoutMs: z.number().int().positive().optional(),
  /**
   * Expected latency before the provider has answered (routing estimates; measured figures replace it once it has):
   * time to first token in ms and output tokens per second (0: the whole answer at once). Simulated providers default
   * to their `simulated` figures, others to the router's priors.
   */
  latency: z.strictObject({ ttftMs: z.number().nonnegative(), tokensPerSecond: z.number().nonnegative() }).optional(),
  enabled: z.boolean().default(true),
  models: z.array(modelSchema).min(1, 'a provider must serve at least one model'),
});
export type ProviderEntry = z.infer<typeof providerSchema>;
export type ProviderEntryInput = z.input<typeof providerSchema>;
