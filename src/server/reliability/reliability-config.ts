import { z } from 'zod';
import { defaultRetryPolicy } from './retry-policy.ts';

/** `routing.retry`: retries and their patience (see `RetryPolicy`). */
export const retrySchema = z
  .strictObject({
    maxAttemptsPerCandidate: z.number().int().min(1).max(10).default(defaultRetryPolicy.maxAttemptsPerCandidate),
    maxAttempts: z.number().int().min(1).max(20).default(defaultRetryPolicy.maxAttempts),
    baseDelayMs: z.number().int().nonnegative().default(defaultRetryPolicy.baseDelayMs),
    maxDelayMs: z.number().int().nonnegative().default(defaultRetryPolicy.maxDelayMs),
    maxRetryAfterMs: z.number().int().nonnegative().default(defaultRetryPolicy.maxRetryAfterMs),
  })
  .prefault({});

/** `routing.circuitBreaker`: when a provider is taken out of rotation and how it comes back (see `CircuitBreakerOptions`). */
export const circuitBreakerSchema = z
  .strictObject({
    consecutiveFailures: z.number().int().min(1).default(5),
    errorRate: z.number().gt(0).max(1).default(0.5),
    windowMs: z.number().int().positive().default(30_000),
    minimumCalls: z.number().int().min(1).default(20),
    coolDownMs: z.number().int().nonnegative().default(10_000),
    halfOpenProbes: z.number().int().min(1).default(1),
  })
  .prefault({});

/**
 * `routing.hedging`: for the `fastest` strategy only. The delay is `delayMs` when set, else the first candidate's
 * observed 95th percentile time to first content, clamped to [minDelayMs, maxDelayMs] (`maxDelayMs` until enough
 * calls were observed).
 */
export const hedgingSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    delayMs: z.number().int().nonnegative().optional(),
    minDelayMs: z.number().int().nonnegative().default(50),
    maxDelayMs: z.number().int().nonnegative().default(2_000),
  })
  .prefault({});

export type RetrySettings = z.infer<typeof retrySchema>;
export type CircuitBreakerSettings = z.infer<typeof circuitBreakerSchema>;
export type HedgingSettings = z.infer<typeof hedgingSchema>;
