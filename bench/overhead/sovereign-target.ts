import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { repositoryRoot } from './node-entry.ts';
import { sovereignBenchConfig, type SovereignBenchOptions } from './sovereign-config.ts';
import { startTarget } from './start-target.ts';
import type { Target, TargetName } from './target.ts';

export interface SovereignTarget extends Target {
  /** What the benchmark configuration turns on. */
  readonly features: string[];
}

/**
 * Starts `node bin/sovereign.js serve` as its own process on `core`, with a generated configuration whose only
 * provider is the upstream simulator, a fresh state directory (`SOVEREIGN_HOME`) and a known key. With
 * `cpuProfileDirectory`, node's `--cpu-prof` writes a V8 CPU profile there when the process exits. `entry` runs
 * another checkout's `bin/sovereign.js` (to compare commits; see `overhead-commits`); `options.env` adds variables
 * (e.g. `OTEL_EXPORTER_OTLP_ENDPOINT`).
 */
export async function startSovereign(
  workDirectory: string,
  upstreamOrigin: string,
  core: number,
  cpuProfileDirectory?: string,
  entry = join(repositoryRoot, 'bin', 'sovereign.js'),
  options: SovereignBenchOptions & { env?: Record<string, string>; name?: TargetName; workers?: number } = {},
): Promise<SovereignTarget> {
  const port = await freePort();
  const name = options.name ?? 'sovereign';
  const home = join(workDirectory, `${name}-home`);
  mkdirSync(home, { recursive: true });
  const config = sovereignBenchConfig(`${upstreamOrigin}/v1`, port, options);
  const configFile = join(workDirectory, `${name}.yaml`);
  writeFileSync(configFile, config.yaml);
  const workers = options.workers ?? 1;
  const target = await startTarget({
    name,
    port,
    command: process.execPath,
    args: [...(cpuProfileDirectory ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDirectory}`] : []), entry, 'serve', '--config', configFile, '--port', String(port), ...(workers > 1 ? ['--workers', String(workers)] : [])],
    core,
    cwd: repositoryRoot,
    // OpenTelemetry variables of the shell never leak in: tracing is on only where the benchmark sets it.
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_'))), ...options.env, SOVEREIGN_API_KEY: config.apiKey, SOVEREIGN_HOME: home },
    workDirectory,
    readyPath: '/readyz',
    readyTimeoutMs: 60_000,
    headers: { authorization: `Bearer ${config.apiKey}` },
    closeGraceMs: 5000,
  });
  // /readyz answers as soon as the first worker listens: wait for the primary's line that every one does.
  if (workers > 1) await waitForLogLine(target, `All ${workers} workers listening`, 60_000);
  const sharedState = [options.env?.SOVEREIGN_DATABASE_URL ? 'Postgres' : 'SQLite', ...(options.env?.SOVEREIGN_REDIS_URL ? ['Redis'] : [])].join(' + ');
  return { ...target, features: [...config.features, `state: ${sharedState}`, ...(workers > 1 ? [`${workers} workers`] : [])] };
}

async function waitForLogLine(target: Target, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!target.logTail().includes(text)) {
    if (Date.now() > deadline) {
      await target.close();
      throw new Error(`${target.name}: "${text}" not logged within ${timeoutMs} ms\n${target.logTail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
