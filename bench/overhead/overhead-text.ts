import type { OverheadSummary, TargetSummary } from './overhead-summary.ts';
import type { Verdict } from './overhead-verdicts.ts';
import type { RunRow } from './run-scenario.ts';
import { describeScenario } from './run-scenario.ts';
import { targetNames } from './target.ts';

/** Left-aligned first column, right-aligned others, two spaces between. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

const value = (number: number | null | undefined, digits = 3) => (number === null || number === undefined ? '-' : number.toFixed(digits));
const whole = (number: number | null | undefined) => (number === null || number === undefined ? '-' : String(Math.round(number)));

function summaryRow(name: string, target: TargetSummary): string[] {
  if (target.skipped) return [name, `skipped: ${target.skipped}`];
  return [
    name,
    whole(target.rps),
    whole(target.rps_stream),
    `${value(target.p50_ms)} / ${value(target.p99_ms)}`,
    name === 'direct' ? '(baseline)' : `${value(target.added_p50_ms)} / ${value(target.added_p99_ms)}`,
    name === 'direct' ? '' : `${value(target.added_p50_ms_c1)} / ${value(target.added_p99_ms_c1)}`,
    whole(target.cpu_us_per_req),
    whole(target.cpu_us_per_req_at_concurrency),
    name === 'direct' ? '' : `${value(target.ttfb_added_p50_ms)} / ${value(target.ttfb_added_p99_ms)}`,
    target.idle_stream_bytes === null ? '-' : `${target.idle_stream_bytes} (${target.idle_streams_established} open)`,
    `${target.errors}${target.saturated_at_headline_rate ? ' SATURATED' : ''}`,
  ];
}

/** The human report: summary per target, ratios, verdicts, then every run. */
export function formatReport(summary: OverheadSummary, checks: Verdict[], rows: RunRow[], preamble: string[]): string {
  const { rate, concurrency } = summary.headline;
  const summaryRows = targetNames.flatMap((name) => (summary.targets[name] ? [summaryRow(name, summary.targets[name])] : []));
  const detailRows = rows.map((row) => [
    describeScenario(row),
    row.target,
    whole(row.rps),
    value(row.p50Ms),
    value(row.p99Ms),
    value(row.p999Ms),
    row.stream ? `${value(row.firstByteP50Ms)} / ${value(row.firstByteP99Ms)}` : '',
    whole(row.cpuUsPerRequest),
    row.sendLagP99Ms === undefined ? '' : value(row.sendLagP99Ms),
    `${row.errors}${row.saturated ? ' SATURATED' : ''}`,
  ]);
  const streamingNotes = targetNames.flatMap((name) => {
    const reason = summary.targets[name]?.streaming_skipped;
    return reason === undefined ? [] : [`Streaming not measured for ${name} (its "rps c${concurrency} stream" and "ttfb" are "-"): ${reason}`];
  });
  const firstErrors = rows.filter((row) => row.firstError).map((row) => `  ${describeScenario(row)} ${row.target}: ${row.firstError}`);
  return [
    ...preamble,
    '',
    `Summary. Latency in ms, non-streaming at ${rate} req/s measured from each request's scheduled send; "added" = target minus direct at the same rate and percentile.`,
    table(
      ['target', `rps c${concurrency}`, `rps c${concurrency} stream`, `p50 / p99 @${rate}`, `added p50 / p99 @${rate}`, 'added p50 / p99 c1', `cpu us/req @${rate}`, `cpu us/req c${concurrency}`, `ttfb added p50 / p99 @${rate}`, 'idle stream bytes', 'errors'],
      summaryRows,
    ),
    '',
    `Ratios (${summary.ratios.basis}): sovereign / floor = ${value(summary.ratios.sovereign_vs_floor_rps, 2)}, sovereign / portkey = ${value(summary.ratios.sovereign_vs_portkey_rps, 2)}, sovereign / nullplatform = ${value(summary.ratios.sovereign_vs_nullplatform_rps, 2)}` +
      (summary.targets['sovereign-pg-redis'] ? `, sovereign-pg-redis / floor = ${value(summary.ratios.sovereign_pg_redis_vs_floor_rps, 2)}` : '') +
      (summary.targets['sovereign-workers'] ? `, sovereign-workers / floor = ${value(summary.ratios.sovereign_workers_vs_floor_rps, 2)}` : ''),
    ...streamingNotes,
    '',
    'Verdict (targets of the performance issue, printed, not asserted):',
    ...checks.map((check) => `  ${check.met === null ? 'n/a ' : check.met ? 'MET ' : 'MISS'}  ${check.goal}: ${check.measured}`),
    '',
    'Every run (latency in ms; at fixed rates from the scheduled send; "lag" = p99 of how late the generator sent):',
    table(['scenario', 'target', 'rps', 'p50', 'p99', 'p99.9', 'ttfb p50 / p99', 'cpu us/req', 'lag p99', 'errors'], detailRows),
    ...(firstErrors.length > 0 ? ['', 'First error per run:', ...firstErrors] : []),
  ].join('\n');
}
