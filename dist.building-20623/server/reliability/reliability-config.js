import { z } from 'zod';
import { defaultRetryPolicy } from "./retry-policy.js";
/** `routing.retry`: retries and their patience (see `RetryPolicy`). */
export const retrySchema = z
    .strictObject({
    maxAttemptsPerCandidate: z
        .number()
        .int()
        .min(1)
        .max(10)
        .default(defaultRetryPolicy.maxAttemptsPerCandidate)
        .describe('Calls one candidate may receive for one request (the first included).'),
    maxAttempts: z
        .number()
        .int()
        .min(1)
        .max(20)
        .default(defaultRetryPolicy.maxAttempts)
        .describe('Calls for one request over every candidate (first call, retries, fallbacks, hedges, continuations).'),
    baseDelayMs: z.number().int().nonnegative().default(defaultRetryPolicy.baseDelayMs).describe('First backoff step (ms); it doubles per attempt on the same candidate, with jitter.'),
    maxDelayMs: z.number().int().nonnegative().default(defaultRetryPolicy.maxDelayMs).describe('Largest backoff step (ms).'),
    maxRetryAfterMs: z
        .number()
        .int()
        .nonnegative()
        .default(defaultRetryPolicy.maxRetryAfterMs)
        .describe("The longest `retry-after` waited for (ms); a provider asking for more is not retried for the request."),
})
    .prefault({});
/** `routing.circuitBreaker`: when a provider is taken out of rotation and how it comes back (see `CircuitBreakerOptions`). */
export const circuitBreakerSchema = z
    .strictObject({
    consecutiveFailures: z.number().int().min(1).default(5).describe('Consecutive failures that open the circuit.'),
    errorRate: z.number().gt(0).max(1).default(0.5).describe('Share of failed calls over `windowMs` that opens the circuit, in (0, 1].'),
    windowMs: z.number().int().positive().default(30_000).describe('Length of the sliding error-rate window (ms).'),
    minimumCalls: z.number().int().min(1).default(20).describe('Calls the window must hold before `errorRate` applies.'),
    coolDownMs: z.number().int().nonnegative().default(10_000).describe('Time an open circuit waits before it admits probes (ms).'),
    halfOpenProbes: z.number().int().min(1).default(1).describe('Probe calls admitted at once while half-open.'),
})
    .prefault({});
/**
 * `routing.hedging`: for the `fastest` strategy only. The delay is `delayMs` when set, else the first candidate's
 * observed 95th percentile time to first content, clamped to [minDelayMs, maxDelayMs] (`maxDelayMs` until enough
 * calls were observed).
 */
export const hedgingSchema = z
    .strictObject({
    enabled: z.boolean().default(false).describe('Hedge requests whose strategy is `fastest`.'),
    delayMs: z.number().int().nonnegative().optional().describe("A fixed delay before the second call (ms); default: the first candidate's observed p95 time to first content."),
    minDelayMs: z.number().int().nonnegative().default(50).describe('Shortest observed-p95 delay used (ms).'),
    maxDelayMs: z.number().int().nonnegative().default(2_000).describe('Longest observed-p95 delay used, and the delay until enough calls were observed (ms).'),
})
    .prefault({});
//# sourceMappingURL=reliability-config.js.map