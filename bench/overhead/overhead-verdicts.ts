import type { OverheadSummary } from './overhead-summary.ts';

/** One budget from the performance issue, held against what was measured. Printed, never asserted. */
export interface Verdict {
  goal: string;
  measured: string;
  /** `null` when it could not be judged (a target missing or skipped). */
  met: boolean | null;
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

/** Sovereign's figures against the targets of the performance issue (issue 6). */
export function verdicts(summary: OverheadSummary): Verdict[] {
  const sovereign = summary.targets.sovereign;
  const floor = summary.targets.floor;
  const portkey = summary.targets.portkey;
  const rate = `${summary.headline.rate} req/s`;
  const judge = (goal: string, value: number | null | undefined, limit: number, format: (value: number) => string, atMost = true): Verdict =>
    value === null || value === undefined
      ? { goal, measured: 'not measured', met: null }
      : { goal, measured: format(value), met: atMost ? value <= limit : value >= limit };
  const list: Verdict[] = [
    judge(`added latency p50 <= 0.2 ms at ${rate}`, sovereign?.added_p50_ms, 0.2, ms),
    judge(`added latency p99 <= 1 ms at ${rate}`, sovereign?.added_p99_ms, 1, ms),
    judge(
      `throughput >= 10x Portkey (${summary.ratios.basis})`,
      summary.ratios.sovereign_vs_portkey_rps,
      10,
      (value) => `${value.toFixed(2)}x (${sovereign?.rps ?? '?'} vs ${portkey?.rps ?? '?'} req/s)`,
      false,
    ),
    judge(
      `throughput >= 50% of the floor (${summary.ratios.basis})`,
      summary.ratios.sovereign_vs_floor_rps,
      0.5,
      (value) => `${(value * 100).toFixed(0)}% (${sovereign?.rps ?? '?'} vs ${floor?.rps ?? '?'} req/s)`,
      false,
    ),
    judge(`CPU <= 100 us per request (at ${rate})`, sovereign?.cpu_us_per_req, 100, (value) => `${value.toFixed(0)} us`),
    judge(`streaming time to first byte added <= 0.5 ms (p50 at ${rate})`, sovereign?.ttfb_added_p50_ms, 0.5, ms),
  ];
  if (portkey?.skipped) list[2] = { ...list[2]!, measured: `not measured: ${portkey.skipped}`, met: null };
  if (sovereign?.saturated_at_headline_rate) {
    for (const index of [0, 1, 4, 5]) list[index] = { ...list[index]!, measured: `${list[index]!.measured} (Sovereign could not sustain ${rate} here: queueing, not overhead)` };
  }
  return list;
}
