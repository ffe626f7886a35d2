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

export const adapterNameSchema = z.enum(['openai-compatible', 'anthropic', 'gemini', 'ollama', 'llama-local']);

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
  /**
   * The GGUF file of an in-process model (adapter `llama-local`); a relative path is resolved against the working
   * directory the gateway starts in.
   */
  file: z.string().min(1).optional(),
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
});

/**
 * How an in-process provider (adapter `llama-local`) runs its GGUF models with node-llama-cpp.
 * @see https://node-llama-cpp.withcat.ai/guide/
 */
export const llamaLocalSchema = z.strictObject({
  /** `auto`: a GPU when one is usable (CUDA, Vulkan, Metal), else the CPU; `false`: always the CPU. */
  gpu: z.union([z.literal('auto'), z.literal(false), z.enum(['cuda', 'vulkan', 'metal'])]).default('auto'),
  /** CPU threads per generation; absent: llama.cpp's default (the machine's cores). */
  threads: z.number().int().positive().optional(),
  /** Tokens of context per concurrent generation; absent: the model's training context, at most 4,096. */
  contextSize: z.number().int().min(64).optional(),
  /** Generations that run at once per model (each has its own context sequence). */
  maxConcurrency: z.number().int().positive().max(64).default(1),
  /** Requests that may wait for a free generation per model; one more is refused as overloaded (fallback applies). */
  maxQueue: z.number().int().nonnegative().default(32),
});
export type LlamaLocalSettings = z.infer<typeof llamaLocalSchema>;

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
  /** In-process inference settings (adapter `llama-local` only). */
  llama: llamaLocalSchema.optional(),
  timeoutMs: z.number().int().positive().optional(),
  enabled: z.boolean().default(true),
  models: z.array(modelSchema).min(1, 'a provider must serve at least one model'),
});
export type ProviderEntry = z.infer<typeof providerSchema>;
export type ProviderEntryInput = z.input<typeof providerSchema>;
