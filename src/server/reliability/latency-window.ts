/**
 * The last `size` times to first content per provider (ms), for the hedge delay: a hedge fires when the first
 * candidate is slower than it usually is (its 95th percentile), not on a fixed guess. Recording is a ring-buffer
 * write; the percentile sorts a copy of at most `size` numbers and is asked only when hedging.
 */
export interface LatencyWindow {
  record(providerId: string, milliseconds: number): void;
  /** The `quantile` (0-1) of the recorded times, or undefined with fewer than `minimumSamples` samples. */
  quantile(providerId: string, quantile: number): number | undefined;
}

export function createLatencyWindow(options: { size?: number; minimumSamples?: number } = {}): LatencyWindow {
  const size = Math.max(1, options.size ?? 64);
  const minimumSamples = Math.max(1, options.minimumSamples ?? 8);
  const windows = new Map<string, { samples: Float64Array; count: number }>();
  return {
    record(providerId, milliseconds) {
      if (!Number.isFinite(milliseconds) || milliseconds < 0) return;
      let window = windows.get(providerId);
      if (window === undefined) {
        window = { samples: new Float64Array(size), count: 0 };
        windows.set(providerId, window);
      }
      window.samples[window.count % size] = milliseconds;
      window.count++;
    },
    quantile(providerId, quantile) {
      const window = windows.get(providerId);
      if (window === undefined || window.count < minimumSamples) return undefined;
      const sorted = window.samples.slice(0, Math.min(window.count, size)).sort();
      const position = Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1));
      return sorted[position];
    },
  };
}

/**
 * Per provider, the times to first content of streams and the times of whole answers (ms): recorded by the
 * statistics wrapper (`withStatistics`) on every call, read by dispatch for the hedge delay. Built once at start-up.
 */
export interface ProviderLatency {
  stream: LatencyWindow;
  whole: LatencyWindow;
}

export function createProviderLatency(options: { size?: number; minimumSamples?: number } = {}): ProviderLatency {
  return { stream: createLatencyWindow(options), whole: createLatencyWindow(options) };
}
