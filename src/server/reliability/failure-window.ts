/**
 * Calls and failures over a sliding window, in `bucketCount` buckets of `bucketMs` each (a ring: a bucket is
 * reused when its time comes round again), so the error rate is read without keeping one entry per call.
 */
export class FailureWindow {
  /** Bucket number (`floor(at / bucketMs)`) each slot counts for; -1 for an empty slot. */
  private readonly stamps: Float64Array;
  private readonly calls: Int32Array;
  private readonly failures: Int32Array;

  constructor(
    private readonly bucketMs: number,
    private readonly bucketCount: number,
  ) {
    this.stamps = new Float64Array(bucketCount).fill(-1);
    this.calls = new Int32Array(bucketCount);
    this.failures = new Int32Array(bucketCount);
  }

  /** Counts one call at time `at`, failed or not. */
  count(at: number, failed: boolean): void {
    const bucket = Math.floor(at / this.bucketMs);
    const slot = bucket % this.bucketCount;
    if (this.stamps[slot] !== bucket) {
      this.stamps[slot] = bucket;
      this.calls[slot] = 0;
      this.failures[slot] = 0;
    }
    this.calls[slot]!++;
    if (failed) this.failures[slot]!++;
  }

  /** The calls and failures of the window that ends at `at`. */
  totals(at: number): { calls: number; failures: number } {
    const oldest = Math.floor(at / this.bucketMs) - this.bucketCount + 1;
    let calls = 0;
    let failures = 0;
    for (let slot = 0; slot < this.bucketCount; slot++) {
      if (this.stamps[slot]! < oldest) continue;
      calls += this.calls[slot]!;
      failures += this.failures[slot]!;
    }
    return { calls, failures };
  }

  /** Forgets every call. */
  clear(): void {
    this.stamps.fill(-1);
  }
}
