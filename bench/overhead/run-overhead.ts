import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFloor } from './floor-target.ts';
import { measureIdleStreams, type IdleStreamsMeasure } from './idle-streams.ts';
import { formatObservability, measureObservabilityOverhead, type ObservabilityOverhead } from './observability-overhead.ts';
import { describeMachine } from './machine-description.ts';
import { canPin, pinSelf } from './managed-process.ts';
import { overheadUsage, parseOverheadOptions, type OverheadPlan } from './overhead-options.ts';
import { summarise } from './overhead-summary.ts';
import { formatReport } from './overhead-text.ts';
import { derivedRateShare, verdicts } from './overhead-verdicts.ts';
import { peerGateways } from './peer-gateways.ts';
import { describeScenario, runScenario, type RunRow, type Scenario } from './run-scenario.ts';
import { startSovereign } from './sovereign-target.ts';
import type { Target, TargetName } from './target.ts';
import { checkAgainstUpstream } from './upstream-answer-check.ts';
import { startUpstream } from './upstream-target.ts';

const startedAt = performance.now();
const log = (line: string): void => void process.stderr.write(`[${((performance.now() - startedAt) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);
const round2 = (value: number) => Math.round(value * 100) / 100;
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Gateways run on this core; the load generator and the upstream on the other. */
const gatewayCore = 0;
const loadCore = 1;

/** Every scenario of the plan, concurrency first (it also warms the targets further), then fixed rates. */
function scenariosOf(plan: OverheadPlan): Scenario[] {
  const list: Scenario[] = [];
  for (const stream of [false, true]) for (const level of plan.concurrencies) list.push({ kind: 'concurrency', level, stream });
  for (const stream of [false, true]) for (const level of plan.rates) list.push({ kind: 'rate', level, stream });
  return list;
}

/** One plain and one streaming request must be answered correctly before a target is measured. */
async function checkTarget(target: Target): Promise<void> {
  for (const stream of [false, true]) {
    const row = await runScenario(target, { kind: 'concurrency', level: 1, stream }, { rateDurationMs: 0, concurrencyDurationMs: 1, drainTimeoutMs: 10_000 });
    if (row.errors > 0 || row.completed === 0) throw new Error(`${target.name} answered a ${stream ? 'streaming' : 'plain'} request wrongly: ${row.firstError ?? 'no answer'}\n${target.logTail()}`);
  }
}

/** How many streamed answers of a peer are compared with the upstream's before its streaming is measured. */
const peerStreamChecks = 3;

/**
 * A peer's plain answer, then `peerStreamChecks` streamed ones, compared with the upstream's own answers to the same
 * request (status 200, a chat completion, the upstream's very text). Throws when the peer is broken; resolves with
 * the reason its streaming cannot be measured when only its streams are wrong and `streamingRequired` is off.
 */
async function checkPeer(target: Target, direct: Target, streamingRequired: boolean): Promise<string | undefined> {
  const plain = await checkAgainstUpstream(target, direct, false);
  if (plain !== undefined) throw new Error(`${target.name} answered a plain request wrongly: ${plain}\n${target.logTail()}`);
  for (let attempt = 1; attempt <= peerStreamChecks; attempt++) {
    const stream = await checkAgainstUpstream(target, direct, true);
    if (stream === undefined) continue;
    if (streamingRequired) throw new Error(`${target.name} answered a streaming request wrongly: ${stream}\n${target.logTail()}`);
    return `its streamed answer ${attempt} of ${peerStreamChecks} was wrong: ${stream}`;
  }
  return undefined;
}

async function warmUp(target: Target, plan: OverheadPlan, streams: boolean): Promise<void> {
  for (const stream of streams ? [false, true] : [false]) {
    await runScenario(target, { kind: 'concurrency', level: Math.min(32, plan.headlineConcurrency), stream }, { rateDurationMs: 0, concurrencyDurationMs: plan.warmupMs / 2, drainTimeoutMs: plan.drainTimeoutMs });
  }
}

/**
 * The overhead benchmark (`npm run bench -- overhead`): starts the upstream simulator, the floor proxy,
 * Sovereign and the peer gateways (Portkey, nullplatform's LLM Gateway), each in its own process, drives them
 * with the same load and prints the comparison. Returns the exit code: non-zero on a failed start, and in `--smoke` when any target answered
 * any request wrongly.
 */
export async function runOverhead(argv: string[]): Promise<number> {
  let plan: OverheadPlan;
  try {
    const parsed = parseOverheadOptions(argv);
    if (parsed === 'help') {
      process.stdout.write(`${overheadUsage}\n`);
      return 0;
    }
    plan = parsed;
  } catch (error) {
    log(`${(error as Error).message}\n\n${overheadUsage}`);
    return 2;
  }
  const started = Date.now();
  const loadAtStart = loadavg()[0]!;
  const machine = describeMachine();
  const pinned = canPin() && pinSelf(loadCore);
  const pinning = pinned
    ? `gateways (floor, Sovereign, peers) pinned to core ${gatewayCore}; load generator and upstream simulator pinned to core ${loadCore} (taskset)`
    : 'not pinned (taskset missing or fewer than two cores): figures include scheduling noise';
  log(`overhead benchmark (${plan.mode}): ${pinning}`);

  const workDirectory = mkdtempSync(join(tmpdir(), 'sovereign-bench-overhead-'));
  const targets: Target[] = [];
  /** Postgres and Redis of the shared-state rows, stopped after the targets. */
  const engines: Array<{ close(): Promise<void> }> = [];
  const skipped: Partial<Record<TargetName, string>> = {};
  /** Peers whose plain answers are right but streamed ones are not: why their streaming scenarios were not run. */
  const streamingSkipped: Partial<Record<TargetName, string>> = {};
  let sovereignFeatures: string[] = [];
  let failed = false;
  /** Targets that started but answered wrongly: in --smoke they fail the run. */
  const brokenPeers: string[] = [];
  /**
   * How to start a fresh process of each target for the memory test: a process that has just served minutes of
   * load can return memory to the OS while the streams open (its resident size then falls), which read as a negative
   * cost per stream. A fresh one, warmed briefly, measures the streams alone.
   */
  const freshStarters = new Map<TargetName, (directory: string) => Promise<Target>>();
  try {
    log('starting the upstream simulator...');
    const upstream = await startUpstream(workDirectory, loadCore);
    targets.push(upstream);
    log('starting the floor proxy...');
    targets.push(await startFloor(workDirectory, upstream.origin, gatewayCore));
    freshStarters.set('floor', (directory) => startFloor(directory, upstream.origin, gatewayCore));
    log('starting Sovereign (node bin/sovereign.js serve)...');
    const sovereign = await startSovereign(workDirectory, upstream.origin, gatewayCore, plan.cpuProfileDirectory, undefined, { extraction: plan.extraction });
    sovereignFeatures = sovereign.features;
    targets.push(sovereign);
    freshStarters.set('sovereign', (directory) => startSovereign(directory, upstream.origin, gatewayCore, undefined, undefined, { extraction: plan.extraction }));
    log(`  sovereign pipeline: ${sovereignFeatures.join(', ')}`);
    if (plan.postgresRedis) {
      // Real engines from the machine's packages, unpinned (they are the shared state's cost, wherever it runs).
      log('starting Postgres (initdb) and redis-server for the shared-state rows...');
      const [{ startPostgresServer }, { startRedisServer }] = await Promise.all([import('../../test/helpers/postgres-server.ts'), import('../../test/helpers/redis-server.ts')]);
      const postgres = await startPostgresServer();
      engines.push(postgres);
      const redis = await startRedisServer();
      engines.push(redis);
      for (const [name, workers] of [['sovereign-pg-redis', 1], ...(plan.workers > 1 ? [['sovereign-workers', plan.workers] as const] : [])] as const) {
        const env = { SOVEREIGN_DATABASE_URL: await postgres.createDatabase(), SOVEREIGN_REDIS_URL: redis.url };
        log(`starting ${name} (serve${workers > 1 ? ` --workers ${workers}` : ''}, Postgres ${postgres.port}, Redis ${redis.port})...`);
        const shared = await startSovereign(workDirectory, upstream.origin, gatewayCore, undefined, undefined, { extraction: plan.extraction, name, workers, env });
        targets.push(shared);
        log(`  ${name}: ${shared.features.slice(-2).join(', ')}`);
      }
    }
    const peerNames = new Set<TargetName>(peerGateways.map((peer) => peer.name));
    for (const peer of peerGateways) {
      if (!plan[peer.name]) {
        skipped[peer.name] = `left out (--no-${peer.name})`;
        continue;
      }
      const installed = await peer.ensure(log);
      if (!installed.ok) {
        skipped[peer.name] = installed.reason;
        log(`${peer.name}: SKIPPED: ${installed.reason}`);
        continue;
      }
      try {
        log(peer.startLine);
        const target = await peer.start(workDirectory, upstream.origin, gatewayCore);
        try {
          const streamingReason = await checkPeer(target, upstream, peer.streamingRequired);
          if (streamingReason !== undefined) {
            streamingSkipped[peer.name] = streamingReason;
            log(`${peer.name}: streaming scenarios SKIPPED: ${streamingReason}`);
          }
          targets.push(target);
          freshStarters.set(peer.name, (directory) => peer.start(directory, upstream.origin, gatewayCore));
        } catch (error) {
          await target.close();
          throw error;
        }
      } catch (error) {
        skipped[peer.name] = `did not start or answer: ${(error as Error).message.split('\n')[0]}`;
        brokenPeers.push(`${peer.name}: ${(error as Error).message.split('\n')[0]}`);
        log(`${peer.name}: SKIPPED: ${(error as Error).message}`);
      }
    }
    for (const target of targets) if (!peerNames.has(target.name)) await checkTarget(target);

    log(`warming up (${plan.warmupMs} ms per target)...`);
    for (const target of targets) await warmUp(target, plan, streamingSkipped[target.name] === undefined);

    const rows: RunRow[] = [];
    const scenarios = scenariosOf(plan);
    const total = scenarios.length * targets.length;
    // A target that could not keep up at some rate is not driven above the headline rate again in that mode:
    // it would only queue, and waste minutes draining.
    const saturatedAt = new Map<string, number>();
    const skippedRuns: string[] = [];
    for (const scenario of scenarios) {
      for (const target of targets) {
        const key = `${target.name}-${scenario.stream}`;
        if (scenario.stream && streamingSkipped[target.name] !== undefined) {
          skippedRuns.push(`${describeScenario(scenario)} ${target.name}: skipped, its streamed answers are wrong`);
          log(`${describeScenario(scenario)} ${target.name}: skipped (its streamed answers are wrong)`);
          continue;
        }
        const saturation = saturatedAt.get(key);
        if (scenario.kind === 'rate' && saturation !== undefined && scenario.level > Math.max(saturation, plan.headlineRate)) {
          skippedRuns.push(`${describeScenario(scenario)} ${target.name}: skipped, saturated at ${saturation} req/s`);
          log(`${describeScenario(scenario)} ${target.name}: skipped (saturated at ${saturation} req/s)`);
          continue;
        }
        const row = await runScenario(target, scenario, { ...plan, rateConnections: 512 });
        if (row.saturated && !saturatedAt.has(key)) saturatedAt.set(key, scenario.level);
        rows.push(row);
        log(`[${rows.length + skippedRuns.length}/${total}] ${describeScenario(scenario)} ${target.name}: ${row.rps} rps, p50 ${row.p50Ms.toFixed(3)} ms, p99 ${row.p99Ms.toFixed(3)} ms, cpu ${row.cpuUsPerRequest ?? '-'} us/req, errors ${row.errors}${row.saturated ? ' SATURATED' : ''}${row.firstError ? ` (${row.firstError.slice(0, 120)})` : ''}`);
        await sleep(plan.mode === 'smoke' ? 50 : 300);
      }
    }

    // The issue's fixed-rate target is relative to the machine: 40 % of the floor's measured throughput at the
    // headline concurrency, offered to the upstream alone (direct) and to Sovereign, after every other scenario.
    const floorAtConcurrency = rows.find((row) => row.target === 'floor' && row.kind === 'concurrency' && row.level === plan.headlineConcurrency && !row.stream);
    const derivedRate = floorAtConcurrency && floorAtConcurrency.rps > 0 && plan.mode !== 'smoke' ? Math.max(1, Math.round(floorAtConcurrency.rps * derivedRateShare)) : null;
    if (derivedRate !== null) {
      for (const target of targets) {
        if (target.name !== 'direct' && target.name !== 'sovereign') continue;
        const scenario = { kind: 'rate', level: derivedRate, stream: false } as const;
        const row = await runScenario(target, scenario, { ...plan, rateConnections: 512 });
        rows.push(row);
        log(`derived ${describeScenario(scenario)} (${derivedRateShare * 100} % of the floor's ${floorAtConcurrency!.rps} req/s) ${target.name}: ${row.rps} rps, p50 ${row.p50Ms.toFixed(3)} ms, p99 ${row.p99Ms.toFixed(3)} ms, errors ${row.errors}${row.saturated ? ' SATURATED' : ''}`);
        await sleep(300);
      }
    }

    // The cost of metrics and tracing: three more Sovereign processes (all off; metrics; metrics and OTLP export to
    // a local collector stub) in interleaved rounds, before the memory test for the same reason as above.
    const upstreamOrigin = targets.find((target) => target.name === 'direct')!.origin;
    const observability: ObservabilityOverhead = await measureObservabilityOverhead(
      workDirectory,
      upstreamOrigin,
      gatewayCore,
      { concurrency: plan.headlineConcurrency, rounds: plan.mode === 'full' ? 3 : plan.mode === 'quick' ? 2 : 1, durationMs: plan.concurrencyDurationMs, warmupMs: plan.warmupMs / 2, drainTimeoutMs: plan.drainTimeoutMs },
      log,
    );

    // Last, so that thousands of streams opened and torn down cannot disturb the timed scenarios: in a run with
    // the memory test first, the floor's and Sovereign's CPU per request doubled in scenarios 100 s after it.
    const memory: Partial<Record<TargetName, IdleStreamsMeasure>> = {};
    if (plan.idleStreams > 0) {
      for (const target of targets) {
        if (target.name === 'direct') continue;
        const idle = { streams: plan.idleStreams, establishTimeoutMs: plan.mode === 'smoke' ? 5000 : 20_000, settleMs: plan.mode === 'smoke' ? 200 : 1000 };
        const startFresh = freshStarters.get(target.name);
        let measure: IdleStreamsMeasure;
        let fresh = false;
        if (startFresh && plan.mode !== 'smoke') {
          const directory = mkdtempSync(join(workDirectory, `memory-${target.name}-`));
          const instance = await startFresh(directory);
          try {
            // Warmed as a deployment would be after its first requests (lazy parts loaded), then left to settle.
            for (const stream of [false, true]) await runScenario(instance, { kind: 'concurrency', level: 8, stream }, { rateDurationMs: 0, concurrencyDurationMs: 1500, drainTimeoutMs: plan.drainTimeoutMs });
            measure = await measureIdleStreams(instance, idle);
            fresh = true;
          } finally {
            await instance.close();
          }
        } else {
          measure = await measureIdleStreams(target, idle);
        }
        memory[target.name] = measure;
        log(`idle streams ${target.name}${fresh ? ' (fresh process)' : ''}: ${measure.established}/${measure.streams} open, RSS ${(measure.rssBeforeBytes / 2 ** 20).toFixed(1)} -> ${(measure.rssAfterBytes / 2 ** 20).toFixed(1)} MiB, ${measure.bytesPerStream} bytes/stream${measure.failed ? `, ${measure.failed} failed (${measure.firstError})` : ''}`);
      }
    }

    const summary = summarise(plan, rows, memory, skipped, targets.map((target) => target.name), derivedRate, streamingSkipped);
    const checks = verdicts(summary);
    const date = new Date().toISOString();
    const elapsedS = Math.round((Date.now() - started) / 1000);
    const load = { start: round2(loadAtStart), end: round2(loadavg()[0]!) };
    const wrong = [
      ...brokenPeers,
      ...rows.filter((row) => row.errors > 0 || row.completed === 0).map((row) => `${describeScenario(row)} ${row.target}: ${row.firstError ?? 'no answer'}`),
      ...observability.variants.filter((variant) => variant.errors > 0 || variant.rps === 0).map((variant) => `observability (${variant.label}): ${variant.errors} errors`),
      ...(observability.collector.spans === 0 ? ['observability: the OTLP collector stub received no span from the tracing variant'] : []),
    ];
    if (plan.json) {
      process.stdout.write(`${JSON.stringify({ date, machine, load_average_1m: load, mode: plan.mode, pinning, sovereign_pipeline: sovereignFeatures, plan, elapsed_s: elapsedS, ...summary, verdicts: checks, memory, observability, runs: rows, skipped_runs: skippedRuns })}\n`);
    } else {
      const preamble = [
        `Sovereign overhead benchmark (${plan.mode}), ${date}, ${elapsedS} s`,
        `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}; calibration ${machine.calibrationUs} us (one JSON parse + serialise of the request body; larger = slower machine); 1-minute load average ${load.start} at start, ${load.end} at end (other work on the machine skews every figure)`,
        `Pinning: ${pinning}`,
        `Upstream: provider simulator answering at once (20 words; 20 content chunks when streaming). Sovereign pipeline: ${sovereignFeatures.join(', ')}.`,
        ...(plan.postgresRedis
          ? [`Shared state: sovereign-pg-redis is the same configuration on Postgres (initdb for this run, fsync off) and redis-server, both unpinned on this machine${plan.workers > 1 ? `; sovereign-workers is it under serve --workers ${plan.workers}, pinned to the same one core` : ''}.`]
          : []),
        ...peerGateways.map((peer) => `Peer ${peer.name}: ${skipped[peer.name] ? `skipped (${skipped[peer.name]})` : peer.description}${streamingSkipped[peer.name] ? '; streaming NOT measured, its streamed answers are wrong (see below)' : ''}`),
      ];
      const skippedLines = skippedRuns.length > 0 ? ['', 'Skipped runs:', ...skippedRuns.map((line) => `  ${line}`)] : [];
      const observabilityLines = ['', ...formatObservability(observability)];
      process.stdout.write(`${formatReport(summary, checks, rows, preamble)}${[...skippedLines, ...observabilityLines].map((line) => `\n${line}`).join('')}\n`);
    }
    if (plan.mode === 'smoke' && wrong.length > 0) {
      log(`smoke: FAILED: ${wrong.join('; ')}`);
      failed = true;
    } else if (plan.mode === 'smoke') {
      const streamingNotes = Object.entries(streamingSkipped).map(([name, reason]) => `; ${name}: plain only, streaming not measured (${reason})`);
      log(`smoke: every target answered every request correctly (${targets.map((target) => target.name).join(', ')})${streamingNotes.join('')}`);
    }
  } catch (error) {
    failed = true;
    log(`overhead benchmark failed: ${(error as Error).message}`);
    log(`logs kept in ${workDirectory}`);
  } finally {
    for (const target of [...targets].reverse()) await target.close().catch(() => undefined);
    for (const engine of engines.reverse()) await engine.close().catch(() => undefined);
    if (plan.cpuProfileDirectory) {
      log(`Sovereign's CPU profiles are in ${plan.cpuProfileDirectory} (main thread: CPU.*.0.001.cpuprofile; worker threads: .1, .2...).`);
      log('Summarise one with: npx tsx bench/overhead/profile-summary.ts FILE.cpuprofile');
    }
    if (!failed) rmSync(workDirectory, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}
