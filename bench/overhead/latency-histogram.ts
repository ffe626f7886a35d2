import { build, type Histogram } from 'hdr-histogram-js';

/**
 * Latencies in microseconds, kept in an HDR histogram (3 significant digits, 1 us to 10 min), so percentiles
 * hold at sub-millisecond resolution whatever the count.
 * @see https://github.com/HdrHistogram/HdrHistogramJS
 */
export interface LatencyHistogram {
  /** Records one value in milliseconds (as measured with `performance.now()`). */
  recordMs(milliseconds: number): void;
  /** The value at a percentile (0-100) in milliseconds; 0 when empty. */
  percentileMs(percentile: number): number;
  readonly count: number;
  readonly maxMs: number;
}

const highestMicroseconds = 600_000_000;

export function createLatencyHistogram(): LatencyHistogram {
  const histogram: Histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: highestMicroseconds, numberOfSignificantValueDigits: 3 });
  return {
    recordMs(milliseconds) {
      const microseconds = Math.round(milliseconds * 1000);
      histogram.recordValue(Math.min(highestMicroseconds, Math.max(1, microseconds)));
    },
    percentileMs: (percentile) => (histogram.totalCount === 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000),
    get count() {
      return histogram.totalCount;
    },
    get maxMs() {
      return histogram.totalCount === 0 ? 0 : histogram.maxValue / 1000;
    },
  };
}
