import { GatewayError } from '../../core/errors/gateway-error.ts';

/** The signal for one upstream call: the caller's signal, plus the adapter's timeout when one is set. */
export interface CallSignal {
  signal: AbortSignal | undefined;
  /** Stops the timeout (the answer has started, or the call is over). */
  clearTimeout(): void;
}

/**
 * Combines the caller's abort signal with a timeout that aborts with `upstream_timeout` (so the HTTP client
 * reports that error, not a generic abort).
 */
export function createCallSignal(providerId: string, signal: AbortSignal | undefined, timeoutMs: number | undefined): CallSignal {
  if (timeoutMs === undefined || timeoutMs <= 0) return { signal, clearTimeout: () => undefined };
  const timeout = new AbortController();
  const timer = setTimeout(() => {
    timeout.abort(new GatewayError('upstream_timeout', { message: `Provider ${providerId} did not answer within ${timeoutMs} ms.` }));
  }, timeoutMs);
  return {
    signal: signal === undefined ? timeout.signal : AbortSignal.any([signal, timeout.signal]),
    clearTimeout: () => clearTimeout(timer),
  };
}
