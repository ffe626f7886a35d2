import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { ProviderAdapter } from '../../core/provider/adapter.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { HeldStream, type StreamEndListener } from './held-stream.ts';
import { blamesProvider, wrapAdapter } from './wrap-adapter.ts';

/**
 * Puts one provider's calls behind its circuit: a call the circuit does not admit (open, or half-open without a
 * free probe slot) throws `circuit_open` before anything is sent, and dispatch skips the candidate; every admitted
 * call ends with exactly one verdict: success when it answered (wrapped around `withFirstContent`, that is its
 * first content), failure when the error blames the provider (retryable, caller still waiting), otherwise a
 * release (the request's own fault, the client gone, a hedge's cancelled loser). A canonical stream that fails
 * after its first content counts as a failure too. The outermost wrapper, so nothing runs for a skipped call.
 */
export function withCircuitBreaker(inner: ProviderAdapter, breaker: CircuitBreaker): ProviderAdapter {
  const providerId = inner.providerId;
  const admit = (): void => {
    if (!breaker.tryAcquire(providerId)) throw new GatewayError('circuit_open', { message: `Skipped: the circuit of ${providerId} is open.` });
  };
  const answered = (signal: AbortSignal | undefined): void => {
    if (signal?.aborted) breaker.release(providerId);
    else breaker.recordSuccess(providerId);
  };
  const failed = (thrown: unknown, signal: AbortSignal | undefined): void => {
    if (blamesProvider(thrown, signal)) breaker.recordFailure(providerId);
    else breaker.release(providerId);
  };
  return wrapAdapter(inner, {
    async doGenerate(request, options) {
      admit();
      try {
        const response = await inner.doGenerate(request, options);
        answered(options.signal);
        return response;
      } catch (thrown) {
        failed(thrown, options.signal);
        throw thrown;
      }
    },
    async doStream(request, options) {
      admit();
      try {
        const response = await inner.doStream(request, options);
        answered(options.signal);
        if (response.stream instanceof HeldStream) response.stream.listen(new StreamVerdict(breaker, providerId, options.signal));
        return response;
      } catch (thrown) {
        failed(thrown, options.signal);
        throw thrown;
      }
    },
    async doEmbed(request, options) {
      admit();
      try {
        const result = await inner.doEmbed!(request, options);
        answered(options.signal);
        return result;
      } catch (thrown) {
        failed(thrown, options.signal);
        throw thrown;
      }
    },
    async doPassthrough(request, options) {
      admit();
      try {
        const response = await inner.doPassthrough!(request, options);
        answered(options.signal);
        return response;
      } catch (thrown) {
        failed(thrown, options.signal);
        throw thrown;
      }
    },
  });
}

/** Whether a call was refused by its provider's open circuit (nothing was sent). */
export function isCircuitOpen(thrown: unknown): boolean {
  return GatewayError.isInstance(thrown) && thrown.code === 'circuit_open';
}

/** A canonical stream past its first content: a failure then still counts against its provider. */
class StreamVerdict implements StreamEndListener {
  constructor(
    private readonly breaker: CircuitBreaker,
    private readonly providerId: string,
    private readonly signal: AbortSignal | undefined,
  ) {}

  finished(): void {}

  failed(): void {
    if (this.signal?.aborted !== true) this.breaker.recordFailure(this.providerId);
  }
}
