import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { CallOptions, ProviderAdapter } from '../../core/provider/adapter.ts';
import type { AttemptTelemetry } from '../pipeline/context.ts';
import { wrapAdapter } from './wrap-adapter.ts';

/** The options of a call dispatch makes: the adapter's, plus the request's telemetry for this attempt. */
export interface AttemptCallOptions extends CallOptions {
  /** Starts this attempt's telemetry (metrics, a client span); set by `callCandidate` while telemetry is on. */
  attempt?: () => AttemptTelemetry;
}

/**
 * Reports each call to the request's telemetry: started only once the circuit admitted the call (wrap it inside
 * `withCircuitBreaker`, so a skipped provider is no attempt), with the attempt's headers (trace context) on the
 * call, answered or failed when the call settles (wrapped around `withFirstContent`: at the first content).
 * Without telemetry on the request, the call goes straight through.
 */
export function withAttemptTelemetry(inner: ProviderAdapter): ProviderAdapter {
  return wrapAdapter(inner, {
    doGenerate(request, options: AttemptCallOptions) {
      const attempt = options.attempt?.();
      return attempt ? observed(attempt, inner.doGenerate(request, withHeaders(options, attempt))) : inner.doGenerate(request, options);
    },
    doStream(request, options: AttemptCallOptions) {
      const attempt = options.attempt?.();
      return attempt ? observed(attempt, inner.doStream(request, withHeaders(options, attempt))) : inner.doStream(request, options);
    },
    doEmbed(request, options: AttemptCallOptions) {
      const attempt = options.attempt?.();
      return attempt ? observed(attempt, inner.doEmbed!(request, withHeaders(options, attempt))) : inner.doEmbed!(request, options);
    },
    doPassthrough(request, options: AttemptCallOptions) {
      const attempt = options.attempt?.();
      return attempt ? observed(attempt, inner.doPassthrough!(request, withHeaders(options, attempt))) : inner.doPassthrough!(request, options);
    },
  });
}

function withHeaders(options: CallOptions, attempt: AttemptTelemetry): CallOptions {
  return attempt.headers ? { ...options, headers: { ...options.headers, ...attempt.headers } } : options;
}

async function observed<Value>(attempt: AttemptTelemetry, call: Promise<Value>): Promise<Value> {
  try {
    const value = await call;
    attempt.answered();
    return value;
  } catch (thrown) {
    attempt.failed(GatewayError.from(thrown));
    throw thrown;
  }
}
