import { z } from 'zod';
import { classificationSchema, countryCode, modelSchema, providerSchema } from '../../core/catalog/catalog-schema.ts';
import { budgetLimitsSchema } from '../../security/budget/budget-limits.ts';
import { rateLimitsSchema } from '../../security/rate-limit/rate-limits.ts';
import { extractionSettingsSchema } from '../../security/extraction/extraction-settings.ts';
import { defaultMaxJsonDepth } from '../http/parse-json-body.ts';
import { circuitBreakerSchema, hedgingSchema, retrySchema } from '../reliability/reliability-config.ts';
import { mcpSchema, mcpTenantSchema } from '../../mcp/mcp-config-schema.ts';

// Each setting's description lives in the schema (`.describe`), so the generated reference (docs/configuration.md,
// config/sovereign.schema.json: `npm run docs:config`) and editors show the same text as this file.

const strategies = ['cheapest', 'fastest', 'balanced', 'quality', 'cascade'] as const;

/** A virtual key declared in configuration (the admin API adds more at run time). */
export const configuredKeySchema = z
  .strictObject({
    key: z.string().describe('The secret itself, normally `${ENV_VAR}`. A key whose value is empty after interpolation is ignored.'),
    tenant: z.string().min(1).default('default').describe('The tenant the key acts for.'),
    name: z.string().optional().describe('A name for people.'),
  })
  .describe('A key declared in configuration: every endpoint and model of its tenant (scope `*`), not the admin API.');

/** The gateway's own listener over TLS (`server.tls`): certificate, key and the key exchange it prefers. */
export const listenerTlsSchema = z
  .strictObject({
    certFile: z.string().min(1).describe('The PEM certificate chain the listener presents (leaf first); relative to the configuration file. Reloaded when it changes.'),
    keyFile: z.string().min(1).describe("The PEM private key of the certificate (keep it mode 0600); relative to the configuration file. Reloaded when it changes."),
    postQuantum: z
      .enum(['prefer', 'require', 'off'])
      .default('prefer')
      .describe('`prefer`: the hybrid post-quantum group `X25519MLKEM768` wins whenever the client offers it, classical groups otherwise; `require`: only post-quantum groups, so a client that cannot negotiate one fails the handshake (on a runtime without post-quantum TLS the gateway refuses to start); `off`: classical groups only.'),
    reloadCheckMs: z.number().int().min(100).default(2000).describe('How often the certificate and key files are checked for a change (ms); a changed pair is loaded for new connections without a restart, a broken one is logged and the old pair kept.'),
  })
  .describe('Serve HTTPS instead of HTTP. Post-quantum TLS needs Node 24 or later (OpenSSL 3.5); on older Node only classical groups are negotiated.');

export const serverSchema = z
  .strictObject({
    host: z.string().default('127.0.0.1').describe('Bind address (`HOST`). Loopback unless you say otherwise.'),
    port: z.coerce.number().int().min(0).max(65535).default(8787).describe('Port (`PORT`); 0 picks a free one.'),
    bodyLimitBytes: z.number().int().positive().default(4 * 1024 * 1024).describe('Largest request body in bytes; a larger one is answered 413 in the client dialect.'),
    upstreamTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(60_000)
      .describe("Longest wait for a provider's response headers (ms), and for a whole answer that is not streamed; 504 after it. A provider's `timeoutMs` overrides it."),
    upstreamIdleTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(120_000)
      .describe("Longest silence between two chunks of a provider's answer once it started (ms): a stream that stalls longer ends with an error event. Checked about once a second."),
    workers: z
      .union([z.literal('auto'), z.number().int().min(1).max(512)])
      .default(1)
      .describe('Processes serving the one port (`sovereign serve --workers`): a number, or `auto` for one per core. More than one needs Redis (`store.redis.url`), which counts rate limits and budgets for all of them.'),
    shutdownGraceMs: z.number().int().nonnegative().default(10_000).describe('On SIGTERM: how long in-flight requests and streams may drain before they are cut (ms).'),
    maxHeaderBytes: z.number().int().positive().default(16 * 1024).describe("Largest request head in bytes (Node's `maxHeaderSize`)."),
    maxJsonDepth: z
      .number()
      .int()
      .min(8)
      .max(1000)
      .default(defaultMaxJsonDepth)
      .describe('How deeply a request\'s JSON may nest (arrays and objects, the body counting as 1), in the body and in JSON carried inside its strings (tool-call arguments); deeper is refused with 400 before anything else runs.'),
    tls: listenerTlsSchema.optional(),
  })
  .prefault({})
  .describe('The HTTP server and its limits towards clients and providers.');

export const routingSchema = z
  .strictObject({
    defaultStrategy: z.enum(strategies).default('cheapest').describe('The strategy when neither the request (`x-sovereign-strategy`) nor the tenant names one.'),
    maxFallbacks: z.number().int().nonnegative().default(2).describe('How many further compliant candidates to try after a retryable failure (5xx, 429, timeout, reset).'),
    retry: retrySchema.prefault({}).describe('Retries with jittered backoff honouring `retry-after` (capped), per candidate and overall.'),
    circuitBreaker: circuitBreakerSchema.prefault({}).describe('A circuit breaker per provider: consecutive failures or error rate; half-open probes after a cool-down.'),
    hedging: hedgingSchema.prefault({}).describe('Hedging for the `fastest` strategy: a second candidate after a delay, the slower one cancelled.'),
    weights: z
      .strictObject({
        cost: z.number().nonnegative().describe('Weight of the estimated cost.'),
        latency: z.number().nonnegative().describe('Weight of the observed latency.'),
        quality: z.number().nonnegative().describe('Weight of `quality.overall`.'),
      })
      .partial()
      .default({})
      .describe('Weights of the `balanced` strategy (divided by their sum).'),
    qualityFloor: z.number().min(0).max(1).default(0.8).describe('Lowest `quality.overall` the `quality` strategy accepts.'),
  })
  .prefault({})
  .describe('How the router ranks candidates and how dispatch retries and falls back.');

/** Per-tenant settings: budgets and rate limits that hold for all the tenant's keys together. */
export const tenantSchema = z.strictObject({
  budgets: budgetLimitsSchema.optional().describe("Spending limits for all the tenant's keys together, per UTC day and month (USD and tokens); absent fields mean no limit."),
  rateLimits: rateLimitsSchema.optional().describe("Request and token rates for all the tenant's keys together, per minute; absent fields mean no limit."),
  policies: z.array(z.unknown()).default([]).describe("The tenant's own policies, on top of the global ones: they can tighten, never loosen."),
  labels: z.array(z.string().min(1)).default([]).describe('Labels every principal of the tenant carries (policies read `principal.labels`), e.g. `eu`.'),
  defaults: z
    .strictObject({
      classification: z.string().optional().describe('Classification every request declares at least (e.g. `OFFICIAL`).'),
      residency: z.string().optional().describe('Residency every request requires (a country or a group, e.g. `EU`).'),
      strategy: z.enum(strategies).optional().describe("The tenant's routing strategy."),
    })
    .default({})
    .describe('What every request of the tenant declares unless it declares more (a request can raise, never lower).'),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional()
    .describe("The home country of the tenant's principals when their key names none (export control)."),
  mcp: mcpTenantSchema.optional(),
});

export const limitsSchema = z
  .strictObject({
    /**
     * The output a tokens-per-minute reservation assumes for a request that sets no `max_tokens`, on a model whose
     * catalog entry declares no `maxOutputTokens` (never more than the model's context window).
     */
    defaultOutputTokens: z.number().int().positive().default(4096),
  })
  .prefault({});

export const auditSchema = z
  .strictObject({
    strict: z.boolean().default(true).describe('A response does not complete before its audit record is durable.'),
    checkpointEvery: z.number().int().positive().default(1000).describe('Sign a Merkle checkpoint after this many records...'),
    checkpointIntervalMs: z.number().int().positive().default(10_000).describe('...or this often (ms) while records are unsigned.'),
    synchronous: z.enum(['normal', 'full']).default('normal').describe('SQLite synchronous mode: `normal` survives a process crash, `full` also a power cut (slower commits).'),
  })
  .prefault({})
  .describe('The hash-chained audit log with signed checkpoints.');

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/[^\s]+$/, 'must be a postgres:// or postgresql:// URL');
const redisUrl = z.string().regex(/^rediss?:\/\/[^\s]+$/, 'must be a redis:// or rediss:// URL');

/**
 * Where shared state lives. Unset: SQLite under the state directory (the embedded default). `SOVEREIGN_DATABASE_URL`
 * and `SOVEREIGN_REDIS_URL` override the URLs; an empty value (`\${SOVEREIGN_DATABASE_URL:-}`) means unset.
 */
export const storeSchema = z
  .strictObject({
    postgres: z
      .strictObject({
        /** Keys, budget spend, the ledger, decisions and the audit log in Postgres, shared by every instance. */
        url: z.union([z.literal(''), postgresUrl]).optional(),
        /** Connections per gateway process. */
        poolSize: z.number().int().positive().max(200).default(10),
        /** Shared decisions older than this are deleted. */
        decisionRetentionDays: z.number().positive().default(7),
      })
      .prefault({}),
    redis: z
      .strictObject({
        /** Rate limits, budgets, the exact cache, circuit-breaker state, latency statistics and key-change notices, shared. */
        url: z.union([z.literal(''), redisUrl]).optional(),
        /**
         * Rate limits and budgets while Redis is away: `closed` refuses requests that have a limit or a budget with
         * 503 \`limits_unavailable\` (nothing is sent; the default), `local` admits them against this process's own
         * limits and budgets (each instance then allows up to the whole limit until Redis returns).
         */
        limitsOnOutage: z.enum(['closed', 'local']).default('closed'),
        /**
         * Longest a Redis command may take (ms) before the concern that sent it treats Redis as away (a cache miss, or
         * `limitsOnOutage`). Raise it on a heavily loaded machine; a Redis that refuses connections fails at once.
         */
        commandTimeoutMs: z.number().int().positive().max(60_000).default(1_000),
      })
      .prefault({}),
  })
  .prefault({});

export const cacheSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('The exact cache: keyed on the canonical request, the tenant and the compliance boundary.'),
    ttlSeconds: z.number().int().positive().default(3600).describe('How long an answer is kept (s).'),
    cacheSampled: z.boolean().default(false).describe('Also cache sampled requests (temperature above 0 or unspecified).'),
    maxEntriesPerTenant: z.number().int().positive().default(10_000).describe('Most answers kept per tenant; the least recently used go first.'),
    maxBytesPerTenant: z.number().int().positive().default(64 * 1024 * 1024).describe('Most bytes of answers kept per tenant; the least recently used go first.'),
    seal: z
      .enum(['shared', 'always', 'never'])
      .default('shared')
      .describe(
        'Seal cached answers in post-quantum envelopes under the storage keyring (as `responses.seal`): `shared` seals those kept in Redis (outside this process), `always` also the in-process memory cache (costs about a millisecond per entry kept or served), `never` keeps them in clear. An entry that does not open (altered, moved, stored in clear) is a miss.',
      ),
    semantic: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Off by default: at the precision-calibrated threshold it mostly matches re-spellings (see README).'),
        embedder: z.enum(['ngram', 'wink', 'wink-mean', 'hybrid']).default('ngram').describe('How questions become vectors: character n-grams, offline word vectors, or both.'),
        threshold: z.number().min(0).max(1).optional().describe("Lowest cosine similarity that counts as the same question (default: the embedder's calibrated one)."),
      })
      .prefault({})
      .describe('The semantic cache: the same question asked differently, for the same preceding conversation.'),
  })
  .prefault({})
  .describe('The response cache, scoped by tenant and compliance boundary.');

export const cascadeSchema = z
  .strictObject({
    checks: z
      .array(z.enum(['json', 'tool-calls', 'non-empty', 'refusal', 'length', 'expression']))
      .default(['json', 'tool-calls', 'non-empty', 'refusal', 'length', 'expression'])
      .describe('The checks the cheap answer must pass, in order.'),
    accept: z.string().min(1).optional().describe('CEL over `response` (text, finishReason, toolCallCount, outputTokens); the answer is accepted when true.'),
  })
  .prefault({})
  .describe('The `cascade` strategy: the cheapest compliant model first, the strongest when a check fails.');

export const compressionSchema = z
  .strictObject({
    lossless: z.boolean().default(true).describe('Lossless rewrites (stable tool order, JSON minification, system whitespace).'),
    elideToolResultsBudget: z.number().int().nonnegative().default(0).describe('Lossy, opt-in: elide old tool results beyond this many tokens (0 = off).'),
  })
  .prefault({})
  .describe('Request compression before dispatch.');

export const promptCachingSchema = z
  .strictObject({
    anthropicBreakpoints: z.boolean().default(true).describe('Place Anthropic `cache_control` breakpoints automatically on stable prefixes.'),
    ttl: z.enum(['5m', '1h']).default('5m').describe('The lifetime asked for those breakpoints.'),
  })
  .prefault({})
  .describe("Provider prompt caching: Anthropic breakpoints, byte-stable prefixes for OpenAI's automatic cache.");

export const metricsSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Serve `GET /metrics` (Prometheus text format).'),
    token: z
      .string()
      .optional()
      .describe('A bearer token scrapers may show instead of an admin key, normally `${SOVEREIGN_METRICS_TOKEN}`; empty or absent: only keys with scope `admin`.'),
    processMetrics: z.boolean().default(true).describe("Also export Node's process metrics (`process_*`, `nodejs_*`)."),
  })
  .prefault({})
  .describe('Prometheus metrics: requests, overhead and provider time, tokens and cost, cache, refusals, circuits, audit; the OpenTelemetry GenAI metrics.');

export const dashboardSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Serve the dashboard at `/ui` (login with a key that has scope `admin`).'),
    sessionTtlSeconds: z.number().int().min(60).max(7 * 86_400).default(28_800).describe('A dashboard session ends after this long without use (s).'),
  })
  .prefault({})
  .describe('The dashboard: live decisions, traffic by jurisdiction and tier, spend and savings, refusals, provider health, the policy simulator, audit and keys.');

export const responsesSchema = z
  .strictObject({
    /** How long answers stored by the Responses API (`store`, the default) are kept: 30 days, as OpenAI keeps them. */
    ttlSeconds: z.number().int().positive().default(30 * 24 * 3600),
    /** The longest `previous_response_id` chain a request may continue (each link is one stored response). */
    maxChainLength: z.number().int().positive().default(1000),
    seal: z
      .boolean()
      .default(true)
      .describe('Seal stored responses (their output and input items) in post-quantum envelopes: a per-record AES-256-GCM key wrapped with ML-KEM-768 + X25519 under the storage keyring (`<home>/storage-keys.json`, mode 0600, or `SOVEREIGN_STORAGE_KEYS`). Responses stored before stay readable.'),
  })
  .prefault({});

/**
 * The edge tier: the browser SDK (`/sdk/edge.js`), the signed policy-and-catalog bundle it verifies, and the models
 * a user's device may run (served from the gateway's own origin, with the runtime's wasm).
 */
export const edgeSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Serves `/v1/edge/bundle`, `/v1/edge/usage`, `/sdk/*` and `/ui/edge`.'),
    bundleTtlSeconds: z
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .default(3600)
      .describe('How long a signed bundle is valid (s); the SDK fetches a new one after.'),
    reportUsage: z
      .boolean()
      .default(true)
      .describe('Record on-device usage (counts, never content) in the ledger; off: the SDK does not report, the gateway refuses.'),
    device: z
      .strictObject({
        providerId: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/).default('device').describe("The device's provider id in decisions and the ledger."),
        jurisdiction: countryCode.optional().describe("Where the device is, for jurisdiction constraints; default: the tenant's country."),
        clearance: classificationSchema.default('UNCLASSIFIED').describe('The highest classification the device may process.'),
      })
      .prefault({})
      .describe('The user\'s device as a routing candidate (tier `edge`).'),
    models: z
      .array(modelSchema)
      .default([])
      .describe("Models the device may run: each a GGUF `file` on the gateway's disk, served at `/sdk/models/<name>.gguf`."),
  })
  .prefault({})
  .describe('The edge tier: the browser SDK, the signed policy-and-catalog bundle it verifies, and the models a device may run.');

export const configSchema = z.strictObject({
  edge: edgeSchema,
  compression: compressionSchema,
  responses: responsesSchema,
  promptCaching: promptCachingSchema,
  cascade: cascadeSchema,
  cache: cacheSchema,
  extraction: extractionSettingsSchema,
  policies: z.array(z.unknown()).default([]).describe('Global policies, validated and compiled at start-up (errors name the policy and the CEL position).'),
  jurisdictions: z
    .strictObject({
      groups: z
        .record(z.string(), z.array(z.string()))
        .default({})
        .describe('User-defined jurisdiction groups, e.g. `nordics: [DK, FI, IS, NO, SE]`; they may name other groups.'),
    })
    .prefault({})
    .describe('Jurisdiction groups on top of the built-in ones (EU, EEA, adequacy, GDPR-free-flow, FVEY).'),
  tenants: z.record(z.string().min(1), tenantSchema).default({}).describe('Settings per tenant, by tenant name.'),
  audit: auditSchema,
  limits: limitsSchema,
  store: storeSchema,
  server: serverSchema,
  routing: routingSchema,
  keys: z.array(configuredKeySchema).default([]).describe('Keys declared in configuration, by tenant (the admin API adds more).'),
  providers: z.array(providerSchema).default([]).describe('The providers and the models they serve.'),
  metrics: metricsSchema,
  dashboard: dashboardSchema,
  mcp: mcpSchema,
  logging: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('The lowest level written (pino levels).'),
    })
    .prefault({})
    .describe('Logs: JSON lines on stdout, secrets redacted.'),
});

export type GatewayConfig = z.infer<typeof configSchema>;
export type GatewayConfigInput = z.input<typeof configSchema>;
