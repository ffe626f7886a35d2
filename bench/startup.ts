/**
 * `npm run bench -- startup [LABEL=CHECKOUT ...] [--runs N] [--parts] [--config LABEL=FILE ...] [--json]`: how long
 * `sovereign serve` takes from spawn to its first `/readyz` 200, and its resident memory right then and one second
 * later ("after start"), against a bare Node HTTP server started the same way (the floor: what any Node process
 * pays). Each CHECKOUT is a directory holding `bin/sovereign.js` with its dependencies installed (default `now=.`),
 * e.g. a `git worktree` of an older commit with `node_modules` linked:
 *
 *   git worktree add /tmp/before 348d960 && ln -s "$PWD/node_modules" /tmp/before/node_modules
 *   npm run bench -- startup before=/tmp/before now=.
 *
 * The configurations are the embedded default (each checkout's own `config/default.yaml`), plus with `--parts` the default with one
 * optional part turned on each (the semantic cache with each embedder), so the memory each part costs reads as the
 * difference, plus any `--config LABEL=FILE`. Runs are interleaved round by round (default 5) and each gets a fresh
 * state directory (`SOVEREIGN_HOME`), so the first-start work (key generation, migrations) is in every figure; a
 * second start on the directory the first one left gives the restart time. The table shows medians (min-max) and the ratios to the floor; the verdicts hold the default against the issue's
 * budgets (ready <= 1 s, <= 120 MB resident after start). It measures; it asserts nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { formatTable } from './lib/format-table.ts';
import { freePort } from './overhead/free-port.ts';
import { spawnManaged, type ManagedProcess } from './overhead/managed-process.ts';
import { repositoryRoot } from './overhead/node-entry.ts';
import { residentBytes } from './overhead/process-usage.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '5' },
    parts: { type: 'boolean', default: false },
    config: { type: 'string', multiple: true, default: [] },
    json: { type: 'boolean', default: false },
    'settle-ms': { type: 'string', default: '1000' },
  },
});

/** Splits `LABEL=VALUE`; throws a usage error naming the option otherwise. */
function labelled(item: string, what: string): { label: string; value: string } {
  const at = item.indexOf('=');
  if (at <= 0 || at === item.length - 1) throw new Error(`expected ${what} as LABEL=${what === 'a checkout' ? 'CHECKOUT' : 'FILE'}, got "${item}"`);
  return { label: item.slice(0, at), value: item.slice(at + 1) };
}
function positiveInteger(option: 'runs' | 'settle-ms'): number {
  const value = Number(values[option]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${option} expects a positive integer, got "${values[option]}"`);
  return value;
}

const runs = positiveInteger('runs');
const settleMs = positiveInteger('settle-ms');
const checkouts = (positionals.length > 0 ? positionals : ['now=.']).map((item) => {
  const { label, value } = labelled(item, 'a checkout');
  return { label, root: resolve(value), entry: join(resolve(value), 'bin', 'sovereign.js') };
});
const log = (line: string) => void process.stderr.write(`${line}\n`);
const work = mkdtempSync(join(tmpdir(), 'sovereign-startup-'));

/** The configurations measured: the embedded default, one optional part each with `--parts`, and `--config` files. */
function configurations(): Array<{ label: string; file: string }> {
  const defaultFile = join(repositoryRoot, 'config', 'default.yaml');
  const list = [{ label: 'default', file: defaultFile }];
  if (values.parts) {
    const base = parse(readFileSync(defaultFile, 'utf8')) as Record<string, unknown>;
    for (const embedder of ['ngram', 'wink', 'hybrid']) {
      const file = join(work, `semantic-${embedder}.yaml`);
      writeFileSync(file, stringify({ ...base, cache: { semantic: { enabled: true, embedder } } }));
      list.push({ label: `+ semantic cache (${embedder})`, file });
    }
  }
  for (const item of values.config) {
    const { label, value } = labelled(item, 'a configuration');
    list.push({ label, file: resolve(value) });
  }
  return list;
}

/** The floor: a bare `node:http` server answering `/readyz`, started by the same `node` the same way. */
const floorSource = `
const { createServer } = require('node:http');
createServer((request, response) => { response.writeHead(200, { 'content-type': 'application/json' }); response.end('{"status":"ready"}'); })
  .listen(Number(process.argv[1]), '127.0.0.1');
`;

/** One GET of `/readyz`: its status, or 0 when nothing answers yet. */
function readyStatus(port: number): Promise<number> {
  return new Promise((resolveStatus) => {
    const call = request({ host: '127.0.0.1', port, path: '/readyz', agent: false }, (response) => {
      response.resume();
      resolveStatus(response.statusCode ?? 0);
    });
    call.setTimeout(2000, () => call.destroy());
    call.on('error', () => resolveStatus(0));
    call.end();
  });
}

interface StartMeasurement {
  readyMs: number;
  readyRssMb: number;
  settledRssMb: number;
}

/** Spawns one process, polls `/readyz` every 5 ms until 200, reads its RSS then and `settleMs` later, stops it. */
async function measureStart(args: (port: number) => string[], env: NodeJS.ProcessEnv, name: string): Promise<StartMeasurement> {
  const port = await freePort();
  const started = performance.now();
  const managed: ManagedProcess = spawnManaged({ command: process.execPath, args: args(port), env, cwd: repositoryRoot, logFile: join(work, `${name}.log`) });
  let exited: number | string | undefined;
  void managed.exited.then((code) => (exited = code));
  try {
    for (;;) {
      if (exited !== undefined) throw new Error(`${name} exited (${exited}) before /readyz answered 200:\n${managed.logTail()}`);
      if ((await readyStatus(port)) === 200) break;
      if (performance.now() - started > 60_000) throw new Error(`${name}: no /readyz 200 after 60 s:\n${managed.logTail()}`);
      await new Promise((wake) => setTimeout(wake, 5));
    }
    const readyMs = performance.now() - started;
    const readyRssMb = (residentBytes(managed.pid) ?? Number.NaN) / 2 ** 20;
    await new Promise((wake) => setTimeout(wake, settleMs));
    const settledRssMb = (residentBytes(managed.pid) ?? Number.NaN) / 2 ** 20;
    return { readyMs, readyRssMb, settledRssMb };
  } finally {
    await managed.stop(5000);
  }
}

const median = (list: number[]) => [...list].sort((left, right) => left - right)[Math.floor(list.length / 2)] ?? Number.NaN;
const spread = (list: number[], digits: number) => `${Math.min(...list).toFixed(digits)}-${Math.max(...list).toFixed(digits)}`;

const configs = configurations();
const subjects = [
  { label: 'floor (bare node:http)', config: '', start: (port: number) => ['-e', floorSource, String(port)], home: false },
  ...checkouts.flatMap((checkout) =>
    configs.map((config) => ({
      label: checkout.label,
      config: config.label,
      // The embedded default is each checkout's own: an older one refuses settings added since.
      start: (port: number) => [checkout.entry, 'serve', '--config', config.label === 'default' ? join(checkout.root, 'config', 'default.yaml') : config.file, '--port', String(port)],
      home: true,
    })),
  ),
];
const results = subjects.map(() => [] as StartMeasurement[]);
/** Second starts on the state directory the first one left (keys, signing key, databases exist): the restart case. */
const restarts = subjects.map(() => [] as number[]);
try {
  for (let round = 1; round <= runs; round++) {
    for (const [index, subject] of subjects.entries()) {
      const home = mkdtempSync(join(work, 'home-'));
      const env = { PATH: process.env.PATH ?? '', ...(subject.home ? { SOVEREIGN_HOME: home } : {}) };
      const measured = await measureStart(subject.start, env, `${index}-${round}`);
      results[index]!.push(measured);
      if (subject.home) restarts[index]!.push((await measureStart(subject.start, env, `${index}-${round}-again`)).readyMs);
      rmSync(home, { recursive: true, force: true });
      log(`round ${round} ${subject.label}${subject.config ? ` ${subject.config}` : ''}: ready in ${measured.readyMs.toFixed(0)} ms, ${measured.settledRssMb.toFixed(1)} MB resident after start`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const summary = subjects.map((subject, index) => {
  const list = results[index]!;
  return {
    label: subject.label,
    config: subject.config,
    ready_ms: Math.round(median(list.map((item) => item.readyMs))),
    ready_ms_range: spread(list.map((item) => item.readyMs), 0),
    restart_ready_ms: restarts[index]!.length > 0 ? Math.round(median(restarts[index]!)) : null,
    rss_at_ready_mb: Number(median(list.map((item) => item.readyRssMb)).toFixed(1)),
    rss_after_start_mb: Number(median(list.map((item) => item.settledRssMb)).toFixed(1)),
    rss_after_start_mb_range: spread(list.map((item) => item.settledRssMb), 1),
  };
});
const floor = summary[0]!;
const rows = summary.map((row) => ({
  ...row,
  ready_vs_floor: Number((row.ready_ms / floor.ready_ms).toFixed(2)),
  rss_vs_floor: Number((row.rss_after_start_mb / floor.rss_after_start_mb).toFixed(2)),
}));
const defaults = rows.filter((row) => row.config === 'default');
const verdicts = defaults.flatMap((row) => [
  { goal: `${row.label}: start to ready (/readyz 200) <= 1 s, embedded default, first start`, measured: `${row.ready_ms} ms`, met: row.ready_ms <= 1000 },
  { goal: `${row.label}: start to ready (/readyz 200) <= 1 s, embedded default, restart`, measured: `${row.restart_ready_ms} ms`, met: row.restart_ready_ms !== null && row.restart_ready_ms <= 1000 },
  { goal: `${row.label}: <= 120 MB resident after start, embedded default`, measured: `${row.rss_after_start_mb} MB`, met: row.rss_after_start_mb <= 120 },
]);

if (values.json) {
  process.stdout.write(`${JSON.stringify({ runs, settle_ms: settleMs, node: process.version, rows, verdicts })}\n`);
} else {
  process.stdout.write(
    `Start to ready (spawn to the first /readyz 200, polled every 5 ms, fresh state directory; restart: again on the state the first start left) and resident memory (at ready, and ${settleMs} ms later), median of ${runs} interleaved runs (min-max), node ${process.version}\n\n`,
  );
  process.stdout.write(
    `${formatTable(
      ['target', 'configuration', 'ready ms', '(range)', 'x floor', 'restart ready ms', 'RSS at ready MB', 'RSS after start MB', '(range)', 'x floor'],
      rows.map((row) => [row.label, row.config || '-', row.ready_ms, row.ready_ms_range, `${row.ready_vs_floor}x`, row.restart_ready_ms ?? '-', row.rss_at_ready_mb, row.rss_after_start_mb, row.rss_after_start_mb_range, `${row.rss_vs_floor}x`]),
    )}\n\n`,
  );
  for (const verdict of verdicts) process.stdout.write(`${verdict.met ? 'MET   ' : 'MISSED'} ${verdict.goal}: ${verdict.measured}\n`);
}
