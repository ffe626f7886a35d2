import { GatewayError } from '../../core/errors/gateway-error.ts';

export interface CallDeadline {
  /** Aborted by the caller's signal or when the deadline passes (reason: an `upstream_timeout` GatewayError). */
  signal: AbortSignal | undefined;
  /** Stops the timer; the caller's signal keeps working. */
  clear(): void;
}

/**
 * Joins the caller's abort signal with a deadline. The deadline aborts with a retryable `upstream_timeout`, which
 * the HTTP client reports as is; a caller's abort keeps its own reason. Without `timeoutMs` the caller's signal is
 * used unchanged.
 */
export function callDeadline(signal: AbortSignal | undefined, timeoutMs: number | undefined, providerId: string): CallDeadline {
  if (timeoutMs === undefined || timeoutMs <= 0) return { signal, clear: () => {} };
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(new GatewayError('upstream_timeout', { message: `Provider ${providerId} did not answer within ${timeoutMs} ms.` }));
  }, timeoutMs);
  timer.unref?.();
  return {
    signal: signal === undefined ? controller.signal : AbortSignal.any([signal, controller.signal]),
    clear: () => clearTimeout(timer),
  };
}
