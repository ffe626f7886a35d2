import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { answerMetricsAsks } from '../server/metrics/cluster-metrics.ts';

/** The environment variable that tells a worker its slot (1 to N); a restarted worker keeps its slot. */
export const workerSlotVariable = 'SOVEREIGN_WORKER';

export interface SuperviseWorkersOptions {
  /** Worker processes to keep running. */
  count: number;
  /** How long workers may drain on SIGTERM/SIGINT before they are killed (`server.shutdownGraceMs`, plus a margin). */
  shutdownGraceMs: number;
  /** Where the supervisor's lines go (stderr). */
  log: (line: string) => void;
  /** Worker exits within `crashWindowMs` after which the supervisor gives up and stops (exit code 1). Default 5. */
  maxCrashes?: number;
  /** Default 60,000. */
  crashWindowMs?: number;
  /** First restart delay (ms), doubled for each crash in the window, up to `maxRestartDelayMs`. Default 250. */
  restartDelayMs?: number;
  /** Default 10,000. */
  maxRestartDelayMs?: number;
}

/** What a worker sends the primary once its gateway listens. */
export interface WorkerReady {
  sovereign: 'listening';
  url: string;
}

/** Tells the primary this worker's gateway listens (no-op outside a worker). */
export function announceWorkerReady(url: string): void {
  const ready: WorkerReady = { sovereign: 'listening', url };
  if (cluster.isWorker) process.send?.(ready);
}

/** `--workers` or `server.workers`: a whole number from 1 up, or `auto` (one per core). */
export function resolveWorkerCount(value: string | number): number | undefined {
  if (value === 'auto') return availableParallelism();
  const count = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  return Number.isSafeInteger(count) && count >= 1 && count <= 512 ? count : undefined;
}

/** The worker's slot when this process is a worker started by `superviseWorkers`; undefined otherwise. */
export function workerSlot(): number | undefined {
  if (!cluster.isWorker) return undefined;
  const slot = Number(process.env[workerSlotVariable]);
  return Number.isSafeInteger(slot) && slot > 0 ? slot : undefined;
}

/**
 * The primary of `sovereign serve --workers N`: forks N workers (node:cluster) that run the same command and share
 * its port, the first alone so that it creates what a first start creates (database schema, signing and default
 * keys) before the others open them. A worker that exits is restarted in its slot after a delay that doubles with
 * each exit in the last minute; after `maxCrashes` exits in that window the supervisor stops every worker and
 * resolves 1. SIGTERM or SIGINT forwards SIGTERM to every worker, lets them drain, kills the ones still running after
 * the grace period, and resolves 0. A first worker that fails to start resolves with its exit code (a bad
 * configuration: 78), without restarts. Resolves the process exit code.
 */
export function superviseWorkers(options: SuperviseWorkersOptions): Promise<number> {
  const maxCrashes = options.maxCrashes ?? 5;
  const crashWindowMs = options.crashWindowMs ?? 60_000;
  const restartDelayMs = options.restartDelayMs ?? 250;
  const maxRestartDelayMs = options.maxRestartDelayMs ?? 10_000;
  const { log } = options;
  const slots = new Map<Worker, number>();
  const listening = new Set<Worker>();
  const restarts = new Set<NodeJS.Timeout>();
  let crashes: number[] = [];
  let stopping: { exitCode: number } | undefined;
  let url: string | undefined;
  let othersStarted = false;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));

  function fork(slot: number): Worker {
    const worker = cluster.fork({ [workerSlotVariable]: String(slot) });
    slots.set(worker, slot);
    // The worker says when its gateway listens (cluster's own 'listening' event also fires for in-process simulators).
    worker.on('message', (message: unknown) => {
      const ready = message as Partial<WorkerReady> | undefined;
      if (ready?.sovereign !== 'listening' || typeof ready.url !== 'string' || listening.has(worker)) return;
      listening.add(worker);
      url ??= ready.url;
      if (!othersStarted) startOthers();
      else if (!stopping && listening.size === options.count) announceAll();
    });
    worker.once('exit', (code, signal) => onExit(worker, code, signal));
    // `/metrics` on any worker answers for all of them (src/server/metrics/cluster-metrics.ts).
    answerMetricsAsks(worker, () => [...listening]);
    return worker;
  }

  function startOthers(): void {
    othersStarted = true;
    if (options.count === 1) announceAll();
    for (let slot = 2; slot <= options.count; slot++) fork(slot);
  }

  /** Every slot listens (at start, and again after each restart): the line names every worker's pid. */
  function announceAll(): void {
    const pids = [...slots].sort((a, b) => a[1] - b[1]).map(([worker, slot]) => `${slot}: pid ${worker.process.pid}`);
    log(`All ${options.count} workers listening on ${url} (primary pid ${process.pid}; workers ${pids.join(', ')})`);
  }

  function onExit(worker: Worker, code: number | null, signal: string | null): void {
    const slot = slots.get(worker) ?? 0;
    const wasListening = listening.delete(worker);
    slots.delete(worker);
    const how = signal ? `was killed by ${signal}` : `exited with code ${code ?? 0}`;
    if (stopping) {
      if (slots.size === 0) finish(stopping.exitCode);
      return;
    }
    if (!othersStarted && !wasListening) {
      // The first worker could not start (a bad configuration, a port in use): its message is on stderr already.
      log(`sovereign: worker 1 (pid ${worker.process.pid}) ${how} before it listened; not restarting`);
      finish(code && code !== 0 ? code : 1);
      return;
    }
    const now = Date.now();
    crashes = [...crashes.filter((time) => now - time < crashWindowMs), now];
    if (crashes.length > maxCrashes) {
      log(`sovereign: workers keep exiting (${crashes.length} exits within ${Math.round(crashWindowMs / 1000)} s; the last: worker ${slot} ${how}); stopping`);
      stop(1);
      return;
    }
    const delay = Math.min(maxRestartDelayMs, restartDelayMs * 2 ** (crashes.length - 1));
    log(`sovereign: worker ${slot} (pid ${worker.process.pid}) ${how}; restarting it in ${delay} ms`);
    const timer = setTimeout(() => {
      restarts.delete(timer);
      if (!stopping) fork(slot);
    }, delay);
    restarts.add(timer);
  }

  function stop(exitCode: number): void {
    if (stopping) return;
    stopping = { exitCode };
    for (const timer of restarts) clearTimeout(timer);
    restarts.clear();
    if (slots.size === 0) {
      finish(exitCode);
      return;
    }
    for (const worker of slots.keys()) worker.process.kill('SIGTERM');
    const deadline = setTimeout(() => {
      for (const worker of slots.keys()) {
        log(`sovereign: worker ${slots.get(worker)} (pid ${worker.process.pid}) did not stop within the grace period; killing it`);
        worker.process.kill('SIGKILL');
      }
    }, options.shutdownGraceMs);
    deadline.unref();
  }

  const onSignal = (signal: string) => {
    log(`\n${signal}: draining ${slots.size} workers (up to ${options.shutdownGraceMs} ms)...`);
    stop(0);
  };
  const onTerm = () => onSignal('SIGTERM');
  const onInt = () => onSignal('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  fork(1);
  return finished.finally(() => {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
  });
}
