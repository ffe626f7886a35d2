/**
 * `npm run bench -- overhead-commits LABEL=CHECKOUT ...`: Sovereign's throughput and CPU per request at fixed
 * concurrency 32 (plain and streaming), for several checkouts side by side in one run, against the same upstream
 * simulator, interleaved round by round so drift on a shared machine hits every checkout alike. Each CHECKOUT is a
 * directory holding `bin/sovereign.js` with its dependencies installed, e.g. a `git worktree` of an older commit
 * with `node_modules` linked:
 *
 *   git worktree add /tmp/before 9a04e54 && ln -s "$PWD/node_modules" /tmp/before/node_modules
 *   npm run bench -- overhead-commits before=/tmp/before now=.
 *
 * Options: `--rounds N` (default 3), `--duration-ms N` (default 3000), `--warmup-ms N` (default 6000 per mode),
 * `--limits` (the default tenant gets a budget and request and token rates, far above the load, so every request
 * holds and settles them), `--cpu-prof DIR` (each checkout runs under `node --cpu-prof` and writes its profile to
 * `DIR/LABEL/` when it stops: the same steady load for every checkout, start-up included, with no fixed-rate
 * saturation in it; summarise with `npx tsx bench/overhead/profile-summary.ts`), `--rate N` (the rounds offer a fixed
 * N requests per second instead of concurrency 32, and print p50 and p99 latency too: paced requests arrive one per
 * event-loop turn, so what each request pays alone, such as its own commits, shows there and not at concurrency 32).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { canPin, pinSelf } from './overhead/managed-process.ts';
import { runScenario, type Scenario } from './overhead/run-scenario.ts';
import { startSovereign, type SovereignTarget } from './overhead/sovereign-target.ts';
import { startUpstream } from './overhead/upstream-target.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '3' },
    'duration-ms': { type: 'string', default: '3000' },
    'warmup-ms': { type: 'string', default: '6000' },
    limits: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    rate: { type: 'string' },
  },
});
const checkouts = positionals.map((item) => {
  const at = item.indexOf('=');
  if (at <= 0) throw new Error(`expected LABEL=CHECKOUT, got "${item}"`);
  if (!/^[\w.-]+$/.test(item.slice(0, at))) throw new Error(`a LABEL is letters, digits, '.', '_' or '-' (it names a directory with --cpu-prof), got "${item.slice(0, at)}"`);
  return { label: item.slice(0, at), entry: join(resolve(item.slice(at + 1)), 'bin', 'sovereign.js') };
});
if (checkouts.length === 0) {
  process.stderr.write('Usage: npm run bench -- overhead-commits LABEL=CHECKOUT [LABEL=CHECKOUT ...] [--rounds N] [--duration-ms N] [--warmup-ms N] [--limits] [--cpu-prof DIR] [--rate N]\n');
  process.exit(2);
}
function positiveInteger(option: string): number {
  const value = Number(values[option as keyof typeof values]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${option} expects a positive integer, got "${String(values[option as keyof typeof values])}"`);
  return value;
}
const rounds = positiveInteger('rounds');
const durationMs = positiveInteger('duration-ms');
const warmupMs = positiveInteger('warmup-ms');
const rate = values.rate === undefined ? undefined : positiveInteger('rate');
const log = (line: string) => void process.stderr.write(`${line}\n`);
const measured = (stream: boolean): Scenario => (rate === undefined ? { kind: 'concurrency', level: 32, stream } : { kind: 'rate', level: rate, stream });

const pinned = canPin() && pinSelf(1);
const work = mkdtempSync(join(tmpdir(), 'sovereign-overhead-commits-'));
const upstream = await startUpstream(work, 1);
const targets: Array<{ label: string; target: SovereignTarget }> = [];
try {
  for (const [index, checkout] of checkouts.entries()) {
    log(`starting ${checkout.label} (${checkout.entry})...`);
    const profileDirectory = values['cpu-prof'] === undefined ? undefined : join(resolve(values['cpu-prof']), checkout.label);
    if (profileDirectory) mkdirSync(profileDirectory, { recursive: true });
    targets.push({ label: checkout.label, target: await startSovereign(mkdtempSync(join(work, `${index}-`)), upstream.origin, 0, profileDirectory, checkout.entry, { limits: values.limits }) });
  }
  const timing = { rateDurationMs: durationMs, concurrencyDurationMs: durationMs, drainTimeoutMs: 10_000 };
  for (const { label, target } of targets) {
    log(`warming up ${label}...`);
    for (const stream of [false, true]) await runScenario(target, { kind: 'concurrency', level: 32, stream }, { ...timing, concurrencyDurationMs: warmupMs });
  }
  const results = new Map<string, Array<{ rps: number; cpu: number | null; errors: number; p50: number; p99: number; saturated: boolean }>>();
  for (let round = 1; round <= rounds; round++) {
    for (const stream of [false, true]) {
      for (const { label, target } of targets) {
        const row = await runScenario(target, measured(stream), timing);
        const key = `${label}\t${stream ? 'stream' : 'plain'}`;
        results.set(key, [...(results.get(key) ?? []), { rps: row.rps, cpu: row.cpuUsPerRequest, errors: row.errors, p50: row.p50Ms, p99: row.p99Ms, saturated: row.saturated }]);
        log(`round ${round} ${stream ? 'stream' : 'plain '} ${label}: ${row.rps} rps, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, ${row.cpuUsPerRequest ?? '-'} us CPU/request, errors ${row.errors}${row.saturated ? ' SATURATED' : ''}`);
      }
    }
  }
  const median = (list: number[]) => [...list].sort((left, right) => left - right)[Math.floor(list.length / 2)] ?? 0;
  process.stdout.write(
    `Sovereign ${rate === undefined ? 'at concurrency 32' : `at a fixed ${rate} requests per second`}${values.limits ? ' with a budget and rate limits' : ''}, ${rounds} interleaved rounds of ${durationMs} ms (median; every round in brackets)${pinned ? ', Sovereign on core 0, load and upstream on core 1' : ''}\n`,
  );
  for (const [key, list] of results) {
    const [label, mode] = key.split('\t');
    const rps = list.map((item) => item.rps);
    // CPU is read from /proc: where it is missing the column says so rather than printing 0.
    const cpu = list.flatMap((item) => (item.cpu === null ? [] : [item.cpu]));
    const errors = list.reduce((total, item) => total + item.errors, 0);
    const saturated = list.filter((item) => item.saturated).length;
    const latency = rate === undefined ? '' : `  p50 ${median(list.map((item) => item.p50)).toFixed(2)} ms p99 ${median(list.map((item) => item.p99)).toFixed(2)} ms [${list.map((item) => item.p99.toFixed(1)).join(', ')}]`;
    process.stdout.write(
      `  ${label!.padEnd(14)} ${mode!.padEnd(6)} ${String(median(rps)).padStart(5)} req/s [${rps.join(', ')}]  ${cpu.length === 0 ? '    -' : median(cpu).toFixed(0).padStart(5)} us CPU/request [${cpu.map((value) => value.toFixed(0)).join(', ')}]${latency}${errors ? `  ${errors} ERRORS` : ''}${saturated ? `  SATURATED in ${saturated} of ${list.length} rounds` : ''}\n`,
    );
  }
} finally {
  for (const { target } of targets) await target.close().catch(() => undefined);
  await upstream.close().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
  if (values['cpu-prof'] !== undefined) log(`CPU profiles (one directory per label) are in ${resolve(values['cpu-prof'])}; summarise one with: npx tsx bench/overhead/profile-summary.ts FILE.cpuprofile`);
}
