import { z } from 'zod';
import { providerSchema } from '../../core/catalog/catalog-schema.ts';

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
    defaultStrategy: z.enum(['cheapest', 'fastest', 'balanced', 'quality']).default('cheapest'),
    /** How many further compliant candidates to try after a retryable failure. */
    maxFallbacks: z.number().int().nonnegative().default(2),
  })
  .prefault({});

export const configSchema = z.strictObject({
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
