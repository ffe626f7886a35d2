import { z } from 'zod';

/**
 * The provider catalog: what each provider is, where it runs, who operates it, what data it may receive, and
 * what it serves at which price. Validated by zod at load; an invalid catalog is refused with path and reason.
 * Everything routing and policy decide is derived from these attributes.
 */

/** ISO 3166-1 alpha-2 country code, upper case. */
export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code such as "DE"');

export const tierSchema = z.enum(['edge', 'local', 'cloud']).describe("Where inference runs: the user's device, the organisation's own hardware, or another company's API.");
export type Tier = z.infer<typeof tierSchema>;

/** Classification levels, lowest first. A provider's clearance is the highest level it is accredited for. */
export const classificationLevels = ['UNCLASSIFIED', 'OFFICIAL', 'CUI', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'] as const;
export const classificationSchema = z.enum(classificationLevels);
export type Classification = z.infer<typeof classificationSchema>;

/** `none`: nothing is stored; `zero`: zero data retention by contract; a number: days kept. */
export const retentionSchema = z
  .union([z.literal('none'), z.literal('zero'), z.number().int().nonnegative()])
  .describe('`none`: nothing is stored; `zero`: zero data retention by contract; a number: days kept.');
export type Retention = z.infer<typeof retentionSchema>;

export const adapterNameSchema = z.enum(['openai-compatible', 'anthropic', 'gemini', 'ollama', 'llama-local']);

/** Prices in USD per million tokens. */
export const priceSchema = z.strictObject({
  input: z.number().nonnegative().describe('USD per million input tokens.'),
  cachedInput: z.number().nonnegative().optional().describe("USD per million input tokens read from the provider's prompt cache (default: `input`)."),
  cacheWrite: z.number().nonnegative().optional().describe("USD per million input tokens written to the provider's prompt cache (default: `input`)."),
  output: z.number().nonnegative().describe('USD per million output tokens.'),
});
export type Price = z.infer<typeof priceSchema>;

export const modelSchema = z.strictObject({
  name: z.string().min(1).describe('The name clients use and, unless `upstreamName` is set, the name sent to the provider.'),
  upstreamName: z.string().min(1).optional().describe('The name sent to the provider, when it differs from `name`.'),
  aliases: z.array(z.string().min(1)).default([]).describe('Other names clients may use, e.g. `gpt-4o` for a local model that stands in for it, or `small`.'),
  patterns: z
    .array(z.union([z.string().min(1), z.strictObject({ match: z.string().min(1), upstream: z.string().min(1) })]))
    .default([])
    .describe(
      'Name patterns this model also serves (`*` is any run of characters), for names no model or alias is called: `claude-*` lets a client\'s default model reach an Anthropic provider without configuration. A plain pattern sends the client\'s own name to the provider; `{ match, upstream }` sends `upstream` instead.',
    ),
  family: z.string().optional().describe('The model family (e.g. `llama-3.1`), shown in decisions.'),
  price: priceSchema.default({ input: 0, output: 0 }).describe('Prices in USD per million tokens.'),
  contextWindow: z.number().int().positive().default(8192).describe('Input and output tokens the model accepts together.'),
  maxOutputTokens: z.number().int().positive().optional().describe('Most output tokens per answer (bounds the worst-case cost a budget holds).'),
  capabilities: z
    .strictObject({
      tools: z.boolean().default(true).describe('Tool (function) calls.'),
      vision: z.boolean().default(false).describe('Image input.'),
      json: z.boolean().default(true).describe('JSON mode and JSON schema output.'),
      embeddings: z.boolean().default(false).describe('An embedding model (served on `/v1/embeddings`).'),
    })
    .default({ tools: true, vision: false, json: true, embeddings: false })
    .describe('What the model can do; the router leaves out a model that lacks what a request needs.'),
  quality: z.record(z.string(), z.number().min(0).max(1)).default({}).describe('Quality scores in [0, 1] by benchmark or task family; `overall` is used by the `quality` strategy.'),
  exportControlled: z.boolean().default(false).describe("Export-controlled model: may serve only principals whose country is in one of `exportGroups`."),
  exportGroups: z.array(z.string()).default([]).describe('Destination groups an export-controlled model may serve (see `data/export-control.json`).'),
  file: z
    .string()
    .min(1)
    .optional()
    .describe('The GGUF file of an in-process model (adapter `llama-local`); a relative path is resolved against the working directory the gateway starts in.'),
});
export type ModelEntry = z.infer<typeof modelSchema>;

export const simulatedBehaviourSchema = z.strictObject({
  ttftMs: z.number().nonnegative().default(0).describe('Time to first token (ms).'),
  tokensPerSecond: z.number().nonnegative().default(0).describe('Output tokens per second; 0 means instant.'),
  outputTokens: z.number().int().nonnegative().default(24).describe('Output length in tokens (words).'),
  seed: z.number().int().default(1).describe('Seed of the deterministic text.'),
  toolRounds: z.number().int().nonnegative().default(1).describe('Rounds of tool calls before the simulated model answers in text (so agent loops end).'),
});

export const providerTlsSchema = z
  .strictObject({
    postQuantum: z
      .enum(['prefer', 'require', 'off'])
      .default('prefer')
      .describe('`prefer`: offer the hybrid post-quantum group `X25519MLKEM768` first, then classical groups; `require`: offer only post-quantum groups, so a provider that cannot negotiate one is never sent anything (and on a runtime without post-quantum TLS, nothing at all); `off`: classical groups only.'),
    caFile: z.string().min(1).optional().describe("A PEM file of the certificate authorities trusted for this provider instead of the system's (a private CA); relative to the configuration file."),
  })
  .describe('TLS towards the provider (an `https` base URL): the key exchange offered and the authorities trusted.');
/**
 * How an in-process provider (adapter `llama-local`) runs its GGUF models with node-llama-cpp.
 * @see https://node-llama-cpp.withcat.ai/guide/
 */
export const llamaLocalSchema = z.strictObject({
  gpu: z
    .union([z.literal('auto'), z.literal(false), z.enum(['cuda', 'vulkan', 'metal'])])
    .default('auto')
    .describe('`auto`: a GPU when one is usable (CUDA, Vulkan, Metal), else the CPU; `false`: always the CPU.'),
  threads: z.number().int().positive().optional().describe("CPU threads per generation; absent: llama.cpp's default (the machine's cores)."),
  contextSize: z.number().int().min(64).optional().describe("Tokens of context per concurrent generation; absent: the model's training context, at most 4,096."),
  maxConcurrency: z.number().int().positive().max(64).default(1).describe('Generations that run at once per model (each has its own context sequence).'),
  maxQueue: z.number().int().nonnegative().default(32).describe('Requests that may wait for a free generation per model; one more is refused as overloaded (fallback applies).'),
});
export type LlamaLocalSettings = z.infer<typeof llamaLocalSchema>;

export const providerSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'provider ids are lower-case letters, digits, ".", "_" and "-"').describe('Lower-case id, unique in the configuration.'),
  adapter: adapterNameSchema.describe('The wire protocol the provider speaks.'),
  tier: tierSchema,
  jurisdiction: countryCode.describe('Where inference runs (ISO 3166-1 alpha-2).'),
  region: z.string().optional().describe("The provider's region (e.g. `eu-paris`), shown in decisions."),
  operator: z
    .strictObject({ name: z.string().min(1).describe('The company.'), country: countryCode.describe('Its home country (ISO 3166-1 alpha-2), whose law may reach the data.') })
    .describe('Who runs the provider.'),
  clearance: classificationSchema.default('UNCLASSIFIED').describe('The highest data classification the provider is accredited for.'),
  retention: retentionSchema.default(30),
  trainsOnData: z.boolean().default(false).describe('Whether the provider trains on what it receives.'),
  certifications: z.array(z.string()).default([]).describe('Certifications policies can require, e.g. `ISO27001`, `BSI-C5`.'),
  hardware: z.string().optional().describe('What inference runs on (e.g. `2x NVIDIA L40S`), shown in decisions.'),
  baseUrl: z
    .preprocess((value) => (typeof value === 'string' && value !== '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? `http://${value}` : value), z.url())
    .optional()
    .describe('Base URL of the API (`http://` is assumed without a scheme). Absent for simulated providers (the gateway starts the simulator and fills it in).'),
  apiKey: z.string().optional().describe('The credential, usually `${ENV_VAR}`; never logged.'),
  headers: z.record(z.string(), z.string()).default({}).describe('Extra headers on every call.'),
  azure: z.strictObject({ apiVersion: z.string().describe('The `api-version` query parameter.') }).optional().describe('Azure OpenAI: `api-key` header and `api-version`.'),
  requiresEnv: z.array(z.string()).default([]).describe('The provider is configured only when these environment variables are set (e.g. a real cloud key).'),
  simulated: simulatedBehaviourSchema.optional().describe("Served by the built-in simulator in the provider's dialect, with this behaviour."),
  llama: llamaLocalSchema.optional().describe('In-process inference settings (adapter `llama-local` only).'),
  timeoutMs: z.number().int().positive().optional().describe('This provider\'s `server.upstreamTimeoutMs` (ms).'),
  tls: providerTlsSchema.optional(),
  latency: z
    .strictObject({
      ttftMs: z.number().nonnegative().describe('Time to first token (ms).'),
      tokensPerSecond: z.number().nonnegative().describe('Output tokens per second; 0: the whole answer at once.'),
    })
    .optional()
    .describe(
      "Expected latency before the provider has answered (routing estimates; measured figures replace it once it has). Simulated providers default to their `simulated` figures, others to the router's priors.",
    ),
  enabled: z.boolean().default(true).describe('A disabled provider is left out entirely.'),
  models: z.array(modelSchema).min(1, 'a provider must serve at least one model').describe('The models it serves (at least one).'),
});
export type ProviderEntry = z.infer<typeof providerSchema>;
export type ProviderEntryInput = z.input<typeof providerSchema>;
