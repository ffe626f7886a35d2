import type { ProviderAdapter } from '../../core/provider/adapter.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';

/** The calls a wrapper puts around an adapter's own. */
export interface WrappedCalls {
  doGenerate: ProviderAdapter['doGenerate'];
  doStream: ProviderAdapter['doStream'];
  doEmbed: NonNullable<ProviderAdapter['doEmbed']>;
  doPassthrough: NonNullable<ProviderAdapter['doPassthrough']>;
}

/**
 * An adapter that is `inner` with its calls replaced by `calls` (undici's interceptor shape: an adapter in, an
 * adapter out). A call the inner adapter lacks (`doEmbed`, `doPassthrough`) stays absent, so what callers test
 * for is unchanged; `open` and `close` are the inner adapter's. Built once per provider at start-up.
 */
export function wrapAdapter(inner: ProviderAdapter, calls: WrappedCalls): ProviderAdapter {
  return {
    specificationVersion: inner.specificationVersion,
    adapter: inner.adapter,
    dialect: inner.dialect,
    providerId: inner.providerId,
    doGenerate: calls.doGenerate,
    doStream: calls.doStream,
    ...(inner.doEmbed ? { doEmbed: calls.doEmbed } : {}),
    ...(inner.doPassthrough ? { doPassthrough: calls.doPassthrough } : {}),
    ...(inner.open ? { open: () => inner.open!() } : {}),
    ...(inner.close ? { close: () => inner.close!() } : {}),
  };
}

/**
 * Whether a failed call says something about the provider: a retryable error while the caller was still waiting.
 * A non-retryable one (the provider refused the request, or nothing was sent) is the request's fault, and a call
 * whose signal aborted (the client left, a hedge's loser) ended without a verdict.
 */
export function blamesProvider(thrown: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted !== true && GatewayError.isInstance(thrown) && thrown.retryable;
}
