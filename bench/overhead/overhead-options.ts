import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export type OverheadMode = 'full' | 'quick' | 'smoke';

/** What one benchmark run does; built from the command line. */
export interface OverheadPlan {
  mode: OverheadMode;
  json: boolean;
  /** The Portkey peer runs (`--no-portkey` leaves it out, and it is not installed). */
  portkey: boolean;
  /** nullplatform's LLM Gateway, the second peer, runs (`--no-nullplatform` leaves it out, and it is not installed). */
  nullplatform: boolean;
  /** Fixed request rates (requests/s), each non-streaming and streaming. */
  rates: number[];
  /** Fixed concurrencies, each non-streaming and streaming. */
  concurrencies: number[];
  rateDurationMs: number;
  concurrencyDurationMs: number;
  /**
   * Untimed load per target (half plain, half streaming) before anything is measured: JIT and heap reach steady
   * state, pools fill. Sovereign's first seconds after start cost about twice its steady CPU per request.
   */
  warmupMs: number;
  /** Wait for stragglers after a run before abandoning them (they count as errors). */
  drainTimeoutMs: number;
  /** Concurrent idle streams of the memory test; 0 skips it. */
  idleStreams: number;
  /** The rate and concurrency the headline figures are read at. */
  headlineRate: number;
  headlineConcurrency: number;
  /** When set, Sovereign runs with `node --cpu-prof` and writes its profile here on exit. */
  cpuProfileDirectory?: string;
  /** Sovereign runs with the extraction guard on (`--extraction`). */
  extraction: boolean;
  /**
   * Adds `sovereign-pg-redis`: the same Sovereign on a real Postgres and Redis started for the run
   * (`--postgres-redis`), beside the SQLite one, so the cost of shared state is measured.
   */
  postgresRedis: boolean;
  /** More than 1 adds `sovereign-workers`: that Sovereign under `serve --workers N` (implies `postgresRedis`). */
  workers: number;
}

export const overheadUsage = `Usage: npm run bench -- overhead [--json] [--quick | --smoke] [--no-portkey] [--no-nullplatform]
                                [--rates 250,1000] [--concurrency 1,32] [--duration-ms N] [--streams N] [--extraction]
                                [--postgres-redis] [--workers N]

  Measures Sovereign (full pipeline, own process) against the upstream simulator called directly, a minimal
  Node pass-through proxy (the floor) and two peer gateways from the npm registry, Portkey 1.15.2 and
  nullplatform's LLM Gateway 2.0.11 (each installed in bench/peers/<name> on first use), at fixed request
  rates and fixed concurrencies, non-streaming and streaming, plus memory per idle stream. Progress goes to
  stderr; the report (or with --json one JSON object) to stdout.

  --json          one JSON object on stdout
  --quick         about 2 minutes: rates 250,1000; concurrency 1,32; 2 s runs
  --smoke         a few seconds at low rates (CI): exits non-zero unless every target answered correctly
  --no-portkey    leave the Portkey peer out (no install)
  --no-nullplatform  leave nullplatform's LLM Gateway out (no install)
  --rates LIST    fixed rates in requests/s (default 250,500,1000,2000)
  --concurrency LIST  fixed concurrencies (default 1,32,64)
  --duration-ms N length of each measured run
  --streams N     idle streams for the memory test (default 2000; 0 skips it)
  --extraction    run Sovereign with the extraction guard on (compare with a run without)
  --postgres-redis  add a Sovereign row on a real Postgres and redis-server started for the run (initdb into a
                  temporary directory, free loopback ports; the machine's packages), beside the SQLite row
  --workers N     add a row for that Sovereign under serve --workers N (implies --postgres-redis; pinned to the
                  gateways' one core like the others, so it shows what cluster mode costs, not how it scales)
  --cpu-prof DIR  run Sovereign under node --cpu-prof; its .cpuprofile lands in DIR (open it in Chrome DevTools
                  or speedscope for a flame graph)`;

const presets: Record<OverheadMode, Omit<OverheadPlan, 'mode' | 'json' | 'portkey' | 'nullplatform' | 'extraction' | 'postgresRedis' | 'workers'>> = {
  full: { rates: [250, 500, 1000, 2000], concurrencies: [1, 32, 64], rateDurationMs: 5000, concurrencyDurationMs: 4000, warmupMs: 8000, drainTimeoutMs: 10_000, idleStreams: 2000, headlineRate: 1000, headlineConcurrency: 32 },
  quick: { rates: [250, 1000], concurrencies: [1, 32], rateDurationMs: 2000, concurrencyDurationMs: 2000, warmupMs: 4000, drainTimeoutMs: 8000, idleStreams: 2000, headlineRate: 1000, headlineConcurrency: 32 },
  smoke: { rates: [50], concurrencies: [4], rateDurationMs: 1000, concurrencyDurationMs: 1000, warmupMs: 300, drainTimeoutMs: 5000, idleStreams: 20, headlineRate: 50, headlineConcurrency: 4 },
};

function numberList(text: string, option: string): number[] {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((value) => !Number.isFinite(value) || value <= 0)) throw new Error(`--${option} expects positive numbers separated by commas, got "${text}"`);
  return values;
}

/** Parses the benchmark's arguments; throws with a message on a bad one. `help` asks for the usage text. */
export function parseOverheadOptions(argv: string[]): OverheadPlan | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      smoke: { type: 'boolean', default: false },
      'no-portkey': { type: 'boolean', default: false },
      'no-nullplatform': { type: 'boolean', default: false },
      rates: { type: 'string' },
      concurrency: { type: 'string' },
      'duration-ms': { type: 'string' },
      streams: { type: 'string' },
      'cpu-prof': { type: 'string' },
      extraction: { type: 'boolean', default: false },
      'postgres-redis': { type: 'boolean', default: false },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (values.quick && values.smoke) throw new Error('--quick and --smoke exclude each other');
  const mode: OverheadMode = values.smoke ? 'smoke' : values.quick ? 'quick' : 'full';
  let workers = 1;
  if (values.workers !== undefined) {
    workers = Number(values.workers);
    if (!Number.isInteger(workers) || workers < 2 || workers > 64) throw new Error(`--workers expects a whole number from 2 to 64, got "${values.workers}"`);
  }
  const plan: OverheadPlan = { mode, json: values.json, portkey: !values['no-portkey'], nullplatform: !values['no-nullplatform'], extraction: values.extraction, postgresRedis: values['postgres-redis'] || workers > 1, workers, ...presets[mode] };
  if (values.rates !== undefined) plan.rates = numberList(values.rates, 'rates');
  if (values.concurrency !== undefined) plan.concurrencies = numberList(values.concurrency, 'concurrency').map(Math.round);
  if (values['duration-ms'] !== undefined) {
    const [duration] = numberList(values['duration-ms'], 'duration-ms');
    plan.rateDurationMs = duration!;
    plan.concurrencyDurationMs = duration!;
  }
  if (values.streams !== undefined) {
    const streams = Number(values.streams);
    if (!Number.isInteger(streams) || streams < 0) throw new Error(`--streams expects a whole number, got "${values.streams}"`);
    plan.idleStreams = streams;
  }
  if (values['cpu-prof'] !== undefined) plan.cpuProfileDirectory = resolve(values['cpu-prof']);
  plan.headlineRate = closest(plan.rates, plan.headlineRate);
  plan.headlineConcurrency = closest(plan.concurrencies, plan.headlineConcurrency);
  return plan;
}

function closest(values: number[], wanted: number): number {
  return values.reduce((best, value) => (Math.abs(value - wanted) < Math.abs(best - wanted) ? value : best), values[0]!);
}
