import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario } from './run-scenario.ts';
import { startSovereign, type SovereignTarget } from './sovereign-target.ts';

/** One observability setting of Sovereign, measured against the others in the same run. */
export interface ObservabilityVariant {
  label: 'metrics off, tracing off' | 'metrics on, tracing off' | 'metrics on, tracing on (OTLP)';
  /** Median answers per second at the concurrency, plain requests, over the rounds. */
  rps: number;
  /** Every round's figure, in order. */
  rpsRounds: number[];
  /** Median CPU of the gateway process per answered request (us); null where /proc is missing. */
  cpuUsPerRequest: number | null;
  errors: number;
}

export interface ObservabilityOverhead {
  concurrency: number;
  rounds: number;
  durationMs: number;
  variants: ObservabilityVariant[];
  /** What the local OTLP collector stub received from the tracing variant. */
  collector: { exports: number; spans: number; bytes: number };
}

/** A stand-in OTLP/HTTP collector on 127.0.0.1: accepts `POST /v1/traces` (JSON), counts exports and spans, answers `{}`. */
async function startCollectorStub(): Promise<{ origin: string; counts: ObservabilityOverhead['collector']; close(): Promise<void> }> {
  const counts = { exports: 0, spans: 0, bytes: 0 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      counts.exports++;
      counts.bytes += body.length;
      try {
        const parsed = JSON.parse(body.toString('utf8')) as { resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: unknown[] }> }> };
        for (const resource of parsed.resourceSpans ?? []) for (const scope of resource.scopeSpans ?? []) counts.spans += scope.spans?.length ?? 0;
      } catch {
        // Not JSON (a protobuf exporter): counted as an export, spans unknown.
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the collector stub has no port');
  return { origin: `http://127.0.0.1:${address.port}`, counts, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const median = (list: number[]) => [...list].sort((left, right) => left - right)[Math.floor(list.length / 2)] ?? 0;

/**
 * The cost of metrics and tracing: three Sovereign processes with the benchmark's pipeline (metrics and tracing off;
 * metrics on, as served by default; metrics on and spans exported over OTLP to a local collector stub), driven at
 * one fixed concurrency with plain requests in interleaved rounds, so drift on a shared machine hits all three alike.
 */
export async function measureObservabilityOverhead(
  workDirectory: string,
  upstreamOrigin: string,
  core: number,
  plan: { concurrency: number; rounds: number; durationMs: number; warmupMs: number; drainTimeoutMs: number },
  log: (line: string) => void,
): Promise<ObservabilityOverhead> {
  const collector = await startCollectorStub();
  const started: Array<{ label: ObservabilityVariant['label']; target: SovereignTarget }> = [];
  try {
    const settings: Array<{ label: ObservabilityVariant['label']; metrics: boolean; env: Record<string, string> }> = [
      { label: 'metrics off, tracing off', metrics: false, env: {} },
      { label: 'metrics on, tracing off', metrics: true, env: {} },
      // A short batch delay, so spans leave during the run rather than at shutdown.
      { label: 'metrics on, tracing on (OTLP)', metrics: true, env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.origin, OTEL_BSP_SCHEDULE_DELAY: '500' } },
    ];
    for (const [index, setting] of settings.entries()) {
      log(`observability: starting Sovereign with ${setting.label}...`);
      const target = await startSovereign(mkdtempSync(join(workDirectory, `observability-${index}-`)), upstreamOrigin, core, undefined, undefined, { metrics: setting.metrics, env: setting.env });
      started.push({ label: setting.label, target });
    }
    const timing = { rateDurationMs: 0, concurrencyDurationMs: plan.durationMs, drainTimeoutMs: plan.drainTimeoutMs };
    for (const { target } of started) await runScenario(target, { kind: 'concurrency', level: plan.concurrency, stream: false }, { ...timing, concurrencyDurationMs: plan.warmupMs });
    const results = new Map<string, Array<{ rps: number; cpu: number | null; errors: number }>>();
    for (let round = 1; round <= plan.rounds; round++) {
      for (const { label, target } of started) {
        const row = await runScenario(target, { kind: 'concurrency', level: plan.concurrency, stream: false }, timing);
        results.set(label, [...(results.get(label) ?? []), { rps: row.rps, cpu: row.cpuUsPerRequest, errors: row.errors }]);
        log(`observability round ${round} ${label}: ${row.rps} rps, ${row.cpuUsPerRequest ?? '-'} us CPU/request, errors ${row.errors}`);
      }
    }
    const variants = started.map(({ label }): ObservabilityVariant => {
      const list = results.get(label) ?? [];
      const cpu = list.flatMap((item) => (item.cpu === null ? [] : [item.cpu]));
      return {
        label,
        rps: median(list.map((item) => item.rps)),
        rpsRounds: list.map((item) => item.rps),
        cpuUsPerRequest: cpu.length === 0 ? null : Math.round(median(cpu)),
        errors: list.reduce((total, item) => total + item.errors, 0),
      };
    });
    // Closing flushes what the tracing variant still buffers, so the collector's count is complete.
    for (const { target } of started.splice(0)) await target.close().catch(() => undefined);
    return { concurrency: plan.concurrency, rounds: plan.rounds, durationMs: plan.durationMs, variants, collector: { ...collector.counts } };
  } finally {
    for (const { target } of started) await target.close().catch(() => undefined);
    await collector.close();
  }
}

/** The report's lines: each variant's throughput and CPU per request, as a ratio of the all-off baseline. */
export function formatObservability(result: ObservabilityOverhead): string[] {
  const baseline = result.variants[0];
  const lines = [
    `Observability cost (non-streaming, concurrency ${result.concurrency}, ${result.rounds} interleaved rounds of ${result.durationMs} ms, medians; every round in brackets):`,
  ];
  for (const variant of result.variants) {
    const ratio = baseline && baseline.rps > 0 ? (variant.rps / baseline.rps).toFixed(2) : '-';
    const cpuAdded = baseline?.cpuUsPerRequest != null && variant.cpuUsPerRequest !== null ? variant.cpuUsPerRequest - baseline.cpuUsPerRequest : null;
    lines.push(
      `  ${variant.label.padEnd(30)} ${String(variant.rps).padStart(5)} req/s [${variant.rpsRounds.join(', ')}] = ${ratio}x  cpu ${variant.cpuUsPerRequest ?? '-'} us/req${variant === baseline || cpuAdded === null ? '' : ` (${cpuAdded >= 0 ? '+' : ''}${cpuAdded})`}${variant.errors ? `  ${variant.errors} ERRORS` : ''}`,
    );
  }
  lines.push(`  OTLP collector stub on 127.0.0.1 received ${result.collector.spans} spans in ${result.collector.exports} exports (${Math.round(result.collector.bytes / 1024)} KiB)`);
  return lines;
}
