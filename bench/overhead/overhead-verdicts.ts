import type { OverheadSummary } from './overhead-summary.ts';

/** One budget from the performance issue, held against what was measured. Printed, never asserted. */
export interface Verdict {
  goal: string;
  measured: string;
  /** `null` when it could not be judged (a target missing or skipped). */
  met: boolean | null;
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

/** The fixed rate of the latency-under-load target, as a share of the floor's measured throughput. */
export const derivedRateShare = 0.4;

/**
 * Sovereign's figures against the targets of the performance issue (issue 13), all relative to the floor measured
 * in the same run where the issue says so. Start-to-ready time and memory after start are measured by
 * `npm run bench -- startup`, which prints its own verdicts.
 */
export function verdicts(summary: OverheadSummary): Verdict[] {
  const sovereign = summary.targets.sovereign;
  const floor = summary.targets.floor;
  const concurrency = `concurrency ${summary.headline.concurrency}`;
  const judge = (goal: string, value: number | null | undefined, limit: number, format: (value: number) => string, atMost = true): Verdict =>
    value === null || value === undefined || !Number.isFinite(value)
      ? { goal, measured: 'not measured', met: null }
      : { goal, measured: format(value), met: atMost ? value <= limit : value >= limit };
  // A ratio needs two positive figures (idle-stream bytes can read negative when the heap shrank during the test).
  const share = (mine: number | null | undefined, theirs: number | null | undefined) => (mine && theirs && mine > 0 && theirs > 0 ? mine / theirs : null);
  const ofFloor = (mine: number | null | undefined, theirs: number | null | undefined) => (value: number) => `${value.toFixed(2)} of the floor (${mine ?? '?'} vs ${theirs ?? '?'} req/s)`;
  const derived = summary.headline.derived_rate;
  return [
    judge(`throughput >= 0.6 of the floor's, plain, ${concurrency}`, share(sovereign?.rps, floor?.rps), 0.6, ofFloor(sovereign?.rps, floor?.rps), false),
    judge(`throughput >= 0.6 of the floor's, streaming, ${concurrency}`, share(sovereign?.rps_stream, floor?.rps_stream), 0.6, ofFloor(sovereign?.rps_stream, floor?.rps_stream), false),
    judge(
      `CPU per request <= 2x the floor's (${concurrency})`,
      share(sovereign?.cpu_us_per_req_at_concurrency, floor?.cpu_us_per_req_at_concurrency),
      2,
      (value) => `${value.toFixed(2)}x (${sovereign?.cpu_us_per_req_at_concurrency ?? '?'} vs ${floor?.cpu_us_per_req_at_concurrency ?? '?'} us)`,
    ),
    judge('one request at a time: added p50 <= 0.3 ms', sovereign?.added_p50_ms_c1, 0.3, ms),
    judge('one request at a time: added p99 <= 2 ms', sovereign?.added_p99_ms_c1, 2, ms),
    judge(
      derived === null ? `added p99 <= 2 ms at ${derivedRateShare * 100} % of the floor's throughput (floor not measured)` : `added p99 <= 2 ms at ${derived} req/s (${derivedRateShare * 100} % of the floor's throughput)`,
      sovereign?.added_p99_ms_at_derived_rate,
      2,
      ms,
    ),
    judge(
      "idle streams: bytes per stream <= 2x the floor's",
      share(sovereign?.idle_stream_bytes, floor?.idle_stream_bytes),
      2,
      (value) => `${value.toFixed(2)}x (${sovereign?.idle_stream_bytes ?? '?'} vs ${floor?.idle_stream_bytes ?? '?'} bytes)`,
    ),
  ];
}
