import { z } from 'zod';
import { classificationSchema, countryCode, modelSchema, providerSchema } from '../../core/catalog/catalog-schema.ts';
import { budgetLimitsSchema } from '../../security/budget/budget-limits.ts';
import { rateLimitsSchema } from '../../security/rate-limit/rate-limits.ts';
import { circuitBreakerSchema, hedgingSchema, retrySchema } from '../reliability/reliability-config.ts';

/** A virtual key declared in configuration (the admin API adds more at run time). */
export const configuredKeySchema = z.strictObject({
  /** The secret itself, normally `${ENV_VAR}`. Keys whose value is empty after interpolation are ignored. */
  key: z.string(),
  tenant: z.string().min(1).default('default'),
  name: z.string().optional(),
});

export const serverSchema = z
  .strictObject({
    host: z.string().default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(8787),
    /** Maximum request body in bytes. */
    bodyLimitBytes: z.number().int().positive().default(4 * 1024 * 1024),
    /** Maximum time to wait for a provider's response headers (ms); per-provider `timeoutMs` overrides. */
    upstreamTimeoutMs: z.number().int().positive().default(60_000),
    /** Maximum idle gap between two chunks of a provider's stream (ms). */
    upstreamIdleTimeoutMs: z.number().int().positive().default(120_000),
    /** On SIGTERM: how long in-flight requests and streams may drain before they are cut (ms). */
    shutdownGraceMs: z.number().int().nonnegative().default(10_000),
    /** Maximum header bytes (Node's `maxHeaderSize`). */
    maxHeaderBytes: z.number().int().positive().default(16 * 1024),
  })
  .prefault({});

export const routingSchema = z
  .strictObject({
    /** The strategy when neither the request nor the tenant names one. */
    defaultStrategy: z.enum(['cheapest', 'fastest', 'balanced', 'quality', 'cascade']).default('cheapest'),
    /** How many further compliant candidates to try after a retryable failure. */
    maxFallbacks: z.number().int().nonnegative().default(2),
    /** Retries with jittered backoff honouring `retry-after` (capped), per candidate and overall. */
    retry: retrySchema.prefault({}),
    /** A circuit breaker per provider: consecutive failures or error rate; half-open probes after a cool-down. */
    circuitBreaker: circuitBreakerSchema.prefault({}),
    /** Hedging for the `fastest` strategy: a second candidate after a delay, the slower one cancelled. */
    hedging: hedgingSchema.prefault({}),
    /** Weights of the `balanced` strategy. */
    weights: z.strictObject({ cost: z.number().nonnegative(), latency: z.number().nonnegative(), quality: z.number().nonnegative() }).partial().default({}),
    /** Minimum `quality.overall` under the `quality` strategy. */
    qualityFloor: z.number().min(0).max(1).default(0.8),
  })
  .prefault({});

/** Per-tenant settings: budgets and rate limits that hold for all the tenant's keys together. */
export const tenantSchema = z.strictObject({
  budgets: budgetLimitsSchema.optional(),
  rateLimits: rateLimitsSchema.optional(),
  /** The tenant's own policies, on top of the global ones: they can tighten, never loosen. */
  policies: z.array(z.unknown()).default([]),
  /** Labels every principal of the tenant carries (policies read `principal.labels`), e.g. `eu`. */
  labels: z.array(z.string().min(1)).default([]),
  /** What every request of the tenant declares unless it declares more (a request can raise, never lower). */
  defaults: z
    .strictObject({
      classification: z.string().optional(),
      residency: z.string().optional(),
      strategy: z.enum(['cheapest', 'fastest', 'balanced', 'quality', 'cascade']).optional(),
    })
    .default({}),
  /** The home country of the tenant's principals when their key names none (export control). */
  country: z.string().regex(/^[A-Z]{2}$/).optional(),
});

export const auditSchema = z
  .strictObject({
    /** A response does not complete before its audit record is durable. */
    strict: z.boolean().default(true),
    /** Sign a checkpoint after this many records... */
    checkpointEvery: z.number().int().positive().default(1000),
    /** ...or this often (ms) while records are unsigned. */
    checkpointIntervalMs: z.number().int().positive().default(10_000),
    /** SQLite synchronous mode: `normal` survives a process crash, `full` also a power cut (slower commits). */
    synchronous: z.enum(['normal', 'full']).default('normal'),
  })
  .prefault({});

export const cacheSchema = z
  .strictObject({
    /** The exact cache: keyed on the canonical request, the tenant and the compliance boundary. */
    enabled: z.boolean().default(true),
    ttlSeconds: z.number().int().positive().default(3600),
    /** Also cache sampled requests (temperature above 0 or unspecified). */
    cacheSampled: z.boolean().default(false),
    maxEntriesPerTenant: z.number().int().positive().default(10_000),
    maxBytesPerTenant: z.number().int().positive().default(64 * 1024 * 1024),
    semantic: z
      .strictObject({
        /** Off by default: at the precision-calibrated threshold it mostly matches re-spellings (see README). */
        enabled: z.boolean().default(false),
        embedder: z.enum(['ngram', 'wink', 'wink-mean', 'hybrid']).default('ngram'),
        threshold: z.number().min(0).max(1).optional(),
      })
      .prefault({}),
  })
  .prefault({});

export const cascadeSchema = z
  .strictObject({
    /** The checks the cheap answer must pass, in order. */
    checks: z.array(z.enum(['json', 'tool-calls', 'non-empty', 'refusal', 'length', 'expression'])).default(['json', 'tool-calls', 'non-empty', 'refusal', 'length', 'expression']),
    /** CEL over `response` (text, finishReason, toolCallCount, outputTokens); the answer is accepted when true. */
    accept: z.string().min(1).optional(),
  })
  .prefault({});

export const compressionSchema = z
  .strictObject({
    /** Lossless rewrites (stable tool order, JSON minification, system whitespace). */
    lossless: z.boolean().default(true),
    /** Lossy, opt-in: elide old tool results beyond this many tokens (0 = off). */
    elideToolResultsBudget: z.number().int().nonnegative().default(0),
  })
  .prefault({});

export const promptCachingSchema = z
  .strictObject({
    /** Place Anthropic cache_control breakpoints automatically on stable prefixes. */
    anthropicBreakpoints: z.boolean().default(true),
    ttl: z.enum(['5m', '1h']).default('5m'),
  })
  .prefault({});

/**
 * The edge tier: the browser SDK (`/sdk/edge.js`), the signed policy-and-catalog bundle it verifies, and the models
 * a user's device may run (served from the gateway's own origin, with the runtime's wasm).
 */
export const edgeSchema = z
  .strictObject({
    /** Serves `/v1/edge/bundle`, `/v1/edge/usage`, `/sdk/*` and `/ui/edge`. */
    enabled: z.boolean().default(false),
    /** How long a signed bundle is valid (s); the SDK fetches a new one after. */
    bundleTtlSeconds: z.number().int().min(60).max(7 * 24 * 3600).default(3600),
    /** Record on-device usage (counts, never content) in the ledger; off: the SDK does not report, the gateway refuses. */
    reportUsage: z.boolean().default(true),
    /** The user's device as a routing candidate (tier `edge`). */
    device: z
      .strictObject({
        providerId: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/).default('device'),
        /** Where the device is, for jurisdiction constraints; default: the tenant's country. */
        jurisdiction: countryCode.optional(),
        /** The highest classification the device may process. */
        clearance: classificationSchema.default('UNCLASSIFIED'),
      })
      .prefault({}),
    /** Models the device may run: each a GGUF `file` on the gateway's disk, served at `/sdk/models/<name>.gguf`. */
    models: z.array(modelSchema).default([]),
  })
  .prefault({});

export const configSchema = z.strictObject({
  edge: edgeSchema,
  compression: compressionSchema,
  promptCaching: promptCachingSchema,
  cascade: cascadeSchema,
  cache: cacheSchema,
  /** Global policies (validated and compiled at start-up; errors name the policy and the CEL position). */
  policies: z.array(z.unknown()).default([]),
  /** User-defined jurisdiction groups, e.g. `nordics: [DK, FI, IS, NO, SE]`; they may name other groups. */
  jurisdictions: z.strictObject({ groups: z.record(z.string(), z.array(z.string())).default({}) }).prefault({}),
  tenants: z.record(z.string().min(1), tenantSchema).default({}),
  audit: auditSchema,
  server: serverSchema,
  routing: routingSchema,
  keys: z.array(configuredKeySchema).default([]),
  providers: z.array(providerSchema).default([]),
  logging: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
});

export type GatewayConfig = z.infer<typeof configSchema>;
export type GatewayConfigInput = z.input<typeof configSchema>;
