import { runFixedConcurrency } from './fixed-concurrency.ts';
import { runFixedRate } from './fixed-rate.ts';
import { createLoadClient } from './load-client.ts';
import { cpuMicroseconds } from './process-usage.ts';
import type { Target, TargetName } from './target.ts';

/** One load shape: a fixed rate (requests/s) or a fixed concurrency, non-streaming or streaming. */
export interface Scenario {
  kind: 'rate' | 'concurrency';
  level: number;
  stream: boolean;
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/** What one scenario measured on one target. Times in milliseconds. */
export interface RunRow extends Scenario {
  target: TargetName;
  rps: number;
  sent: number;
  completed: number;
  errors: number;
  firstError?: string;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  firstByteP50Ms: number;
  firstByteP99Ms: number;
  /** p99 of how late requests left against their schedule (fixed rate only). */
  sendLagP99Ms?: number;
  /** CPU (user + system) of the target's process per answered request; `null` where /proc is unavailable. */
  cpuUsPerRequest: number | null;
  /** The target could not keep up with the offered rate: answers kept coming long after the last send. */
  saturated: boolean;
}

export interface ScenarioTiming {
  rateDurationMs: number;
  concurrencyDurationMs: number;
  drainTimeoutMs: number;
  /** Connections the load generator may open at a fixed rate. */
  rateConnections?: number;
}

export const describeScenario = (scenario: Scenario): string =>
  `${scenario.kind === 'rate' ? `${scenario.level} req/s` : `concurrency ${scenario.level}`} ${scenario.stream ? 'stream' : 'plain'}`;

/** Runs one scenario against one target with a fresh client and reads the target's CPU around it. */
export async function runScenario(target: Target, scenario: Scenario, timing: ScenarioTiming): Promise<RunRow> {
  const connections = scenario.kind === 'rate' ? (timing.rateConnections ?? 512) : scenario.level;
  const client = createLoadClient(target, { connections });
  const cpuBefore = cpuMicroseconds(target.pid);
  const measure =
    scenario.kind === 'rate'
      ? await runFixedRate(client, { rate: scenario.level, durationMs: timing.rateDurationMs, stream: scenario.stream, drainTimeoutMs: timing.drainTimeoutMs })
      : await runFixedConcurrency(client, { concurrency: scenario.level, durationMs: timing.concurrencyDurationMs, stream: scenario.stream, drainTimeoutMs: timing.drainTimeoutMs });
  const cpuAfter = cpuMicroseconds(target.pid);
  await client.close().catch(() => undefined);
  const rps = (measure.completed * 1000) / measure.elapsedMs;
  const row: RunRow = {
    ...scenario,
    target: target.name,
    rps: Math.round(rps),
    sent: measure.sent,
    completed: measure.completed,
    errors: measure.errors,
    p50Ms: round(measure.latency.percentileMs(50)),
    p90Ms: round(measure.latency.percentileMs(90)),
    p99Ms: round(measure.latency.percentileMs(99)),
    p999Ms: round(measure.latency.percentileMs(99.9)),
    maxMs: round(measure.latency.maxMs),
    firstByteP50Ms: round(measure.firstByte.percentileMs(50)),
    firstByteP99Ms: round(measure.firstByte.percentileMs(99)),
    cpuUsPerRequest: cpuBefore === undefined || cpuAfter === undefined || measure.completed === 0 ? null : round((cpuAfter - cpuBefore) / measure.completed, 1),
    saturated: scenario.kind === 'rate' && (measure.abandoned > 0 || measure.drainMs > Math.max(250, timing.rateDurationMs / 10)),
  };
  if (measure.firstError !== undefined) row.firstError = measure.firstError;
  if (scenario.kind === 'rate') row.sendLagP99Ms = round(measure.sendLag.percentileMs(99));
  return row;
}
