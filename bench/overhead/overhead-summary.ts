import type { IdleStreamsMeasure } from './idle-streams.ts';
import type { OverheadPlan } from './overhead-options.ts';
import type { RunRow, Scenario } from './run-scenario.ts';
import type { TargetName } from './target.ts';

/** The headline figures of one target (the JSON's `targets.<name>`). Milliseconds unless the name says otherwise. */
export interface TargetSummary {
  /** Answers per second at the headline concurrency (32), non-streaming. */
  rps: number | null;
  rps_stream: number | null;
  /** At the headline rate (1,000 req/s), non-streaming: latency from the scheduled send, and minus direct's. */
  p50_ms: number | null;
  p99_ms: number | null;
  added_p50_ms: number | null;
  added_p99_ms: number | null;
  /** One request at a time (concurrency 1), non-streaming, minus direct's. */
  added_p50_ms_c1: number | null;
  added_p99_ms_c1: number | null;
  /** CPU of the target process per request at the headline rate, non-streaming, and at the headline concurrency. */
  cpu_us_per_req: number | null;
  cpu_us_per_req_at_concurrency: number | null;
  /** Streaming at the headline rate: time to the first body byte minus direct's. */
  ttfb_added_p50_ms: number | null;
  ttfb_added_p99_ms: number | null;
  /** Streaming at the headline rate: whole-stream latency added beyond the first byte (the per-chunk cost). */
  stream_tail_added_p50_ms: number | null;
  /** At the derived rate (a share of the floor's measured throughput, see `headline.derived_rate`): added p99. */
  added_p99_ms_at_derived_rate: number | null;
  /** Headline rate not sustained (the target answered under 95 % of the offered rate). */
  saturated_at_headline_rate: boolean;
  errors: number;
  first_error?: string;
  idle_stream_bytes: number | null;
  idle_streams_established: number | null;
  skipped?: string;
  /** Why the streaming scenarios of this target (a peer) were not run: its streamed answers were wrong. */
  streaming_skipped?: string;
}

export interface OverheadSummary {
  targets: Partial<Record<TargetName, TargetSummary>>;
  ratios: {
    sovereign_vs_portkey_rps: number | null;
    sovereign_vs_nullplatform_rps: number | null;
    sovereign_vs_floor_rps: number | null;
    /** With `--postgres-redis` / `--workers N`; null otherwise. */
    sovereign_pg_redis_vs_floor_rps: number | null;
    sovereign_workers_vs_floor_rps: number | null;
    basis: string;
  };
  /** `derived_rate`: 40 % of the floor's answers per second at the headline concurrency, run after the rest. */
  headline: { rate: number; concurrency: number; derived_rate: number | null };
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
const minus = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? null : round(a - b));

function find(rows: RunRow[], target: TargetName, scenario: Scenario): RunRow | undefined {
  return rows.find((row) => row.target === target && row.kind === scenario.kind && row.level === scenario.level && row.stream === scenario.stream);
}

/** Reduces every run to the per-target headline figures, the ratios and nothing else. */
export function summarise(
  plan: OverheadPlan,
  rows: RunRow[],
  memory: Partial<Record<TargetName, IdleStreamsMeasure>>,
  skipped: Partial<Record<TargetName, string>>,
  present: TargetName[],
  derivedRate: number | null = null,
  streamingSkipped: Partial<Record<TargetName, string>> = {},
): OverheadSummary {
  const headlineRate = { kind: 'rate', level: plan.headlineRate } as const;
  const headlineConcurrency = { kind: 'concurrency', level: plan.headlineConcurrency } as const;
  const targets: OverheadSummary['targets'] = {};
  for (const name of present) {
    const at = (scenario: Scenario) => find(rows, name, scenario);
    const direct = (scenario: Scenario) => find(rows, 'direct', scenario);
    const ratePlain = at({ ...headlineRate, stream: false });
    const rateStream = at({ ...headlineRate, stream: true });
    const directRatePlain = direct({ ...headlineRate, stream: false });
    const directRateStream = direct({ ...headlineRate, stream: true });
    const single = at({ kind: 'concurrency', level: 1, stream: false });
    const directSingle = direct({ kind: 'concurrency', level: 1, stream: false });
    const own = rows.filter((row) => row.target === name);
    const firstError = own.find((row) => row.firstError !== undefined)?.firstError;
    const derived = derivedRate === null ? undefined : { kind: 'rate', level: derivedRate, stream: false } as const;
    const tail = (row: RunRow | undefined) => (row ? row.p50Ms - row.firstByteP50Ms : undefined);
    targets[name] = {
      rps: at({ ...headlineConcurrency, stream: false })?.rps ?? null,
      rps_stream: at({ ...headlineConcurrency, stream: true })?.rps ?? null,
      p50_ms: ratePlain?.p50Ms ?? null,
      p99_ms: ratePlain?.p99Ms ?? null,
      added_p50_ms: minus(ratePlain?.p50Ms, directRatePlain?.p50Ms),
      added_p99_ms: minus(ratePlain?.p99Ms, directRatePlain?.p99Ms),
      added_p50_ms_c1: minus(single?.p50Ms, directSingle?.p50Ms),
      added_p99_ms_c1: minus(single?.p99Ms, directSingle?.p99Ms),
      cpu_us_per_req: ratePlain?.cpuUsPerRequest ?? null,
      cpu_us_per_req_at_concurrency: at({ ...headlineConcurrency, stream: false })?.cpuUsPerRequest ?? null,
      ttfb_added_p50_ms: minus(rateStream?.firstByteP50Ms, directRateStream?.firstByteP50Ms),
      ttfb_added_p99_ms: minus(rateStream?.firstByteP99Ms, directRateStream?.firstByteP99Ms),
      stream_tail_added_p50_ms: minus(tail(rateStream), tail(directRateStream)),
      added_p99_ms_at_derived_rate: derived ? minus(at(derived)?.p99Ms, direct(derived)?.p99Ms) : null,
      saturated_at_headline_rate: ratePlain?.saturated ?? false,
      errors: own.reduce((sum, row) => sum + row.errors, 0),
      idle_stream_bytes: memory[name]?.bytesPerStream ?? null,
      idle_streams_established: memory[name]?.established ?? null,
      ...(firstError !== undefined ? { first_error: firstError } : {}),
      ...(streamingSkipped[name] !== undefined ? { streaming_skipped: streamingSkipped[name] } : {}),
    };
  }
  for (const [name, reason] of Object.entries(skipped) as Array<[TargetName, string]>) {
    targets[name] = {
      rps: null, rps_stream: null, p50_ms: null, p99_ms: null, added_p50_ms: null, added_p99_ms: null, added_p50_ms_c1: null, added_p99_ms_c1: null,
      cpu_us_per_req: null, cpu_us_per_req_at_concurrency: null, ttfb_added_p50_ms: null, ttfb_added_p99_ms: null, stream_tail_added_p50_ms: null,
      added_p99_ms_at_derived_rate: null, saturated_at_headline_rate: false, errors: 0, idle_stream_bytes: null, idle_streams_established: null, skipped: reason,
    };
  }
  const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? round(a / b, 2) : null);
  return {
    targets,
    ratios: {
      sovereign_vs_portkey_rps: ratio(targets.sovereign?.rps, targets.portkey?.rps),
      sovereign_vs_nullplatform_rps: ratio(targets.sovereign?.rps, targets.nullplatform?.rps),
      sovereign_vs_floor_rps: ratio(targets.sovereign?.rps, targets.floor?.rps),
      sovereign_pg_redis_vs_floor_rps: ratio(targets['sovereign-pg-redis']?.rps, targets.floor?.rps),
      sovereign_workers_vs_floor_rps: ratio(targets['sovereign-workers']?.rps, targets.floor?.rps),
      basis: `non-streaming answers per second at fixed concurrency ${plan.headlineConcurrency}`,
    },
    headline: { rate: plan.headlineRate, concurrency: plan.headlineConcurrency, derived_rate: derivedRate },
  };
}
