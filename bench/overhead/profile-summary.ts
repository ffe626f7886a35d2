/**
 * Where a V8 CPU profile spends its time: self time per function and per file (or package), from the
 * `.cpuprofile` that `npm run bench -- overhead --cpu-prof DIR` leaves. A text flame-graph substitute for a
 * terminal; open the file in Chrome DevTools or https://www.speedscope.app for the real one.
 *
 *   npx tsx bench/overhead/profile-summary.ts FILE.cpuprofile [--top N] [--areas]
 *
 * `--areas` prints self time by what the gateway does (socket writes, garbage collection, SQLite, the upstream
 * client, ...) instead, so two profiles (say `overhead-commits --cpu-prof` of two checkouts, one run from `src/`
 * through tsx, the other from `dist/`) compare line by line.
 * @see https://chromedevtools.github.io/devtools-protocol/tot/Profiler/#type-Profile
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { table } from './overhead-text.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Groups a script URL into something readable: a package name, a project file, or a Node internal. */
export function placeOf(url: string): string {
  if (url === '') return '(native / V8)';
  if (url.startsWith('node:')) return url;
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1]!;
  const projectMatch = /\/((?:src|bench|bin)\/.*)$/.exec(url);
  return projectMatch ? projectMatch[1]! : url;
}

export interface SelfTime {
  name: string;
  milliseconds: number;
  share: number;
}

/** Self time by function and by place, largest first. */
export function summariseProfile(profile: CpuProfile): { total: number; functions: SelfTime[]; places: SelfTime[] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map<string, number>();
  const places = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const microseconds = profile.timeDeltas[index] ?? 0;
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') return;
    total += microseconds;
    const place = placeOf(url);
    const name = `${functionName || '(anonymous)'} ${place}${url ? `:${lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + microseconds);
    places.set(place, (places.get(place) ?? 0) + microseconds);
  });
  const sorted = (map: Map<string, number>) =>
    [...map].sort((a, b) => b[1] - a[1]).map(([name, microseconds]) => ({ name, milliseconds: microseconds / 1000, share: total === 0 ? 0 : microseconds / total }));
  return { total: total / 1000, functions: sorted(functions), places: sorted(places) };
}

/** What the gateway is doing, recognised by function name and script URL; the first match wins, the last catches all. */
const areas: ReadonlyArray<readonly [string, (name: string, url: string) => boolean]> = [
  ['socket writes (writev, write)', (name) => /^(writev|writeBuffer|writeString|writevGeneric|writeGeneric|writeUtf8String|writeLatin1String)$/.test(name)],
  ['garbage collection', (name) => name === '(garbage collector)'],
  ['SQLite (ledger, audit, decisions, spend)', (_, url) => /better-sqlite3|\/store\/sqlite\/|audit-store|group-commit|append-audit-batch/.test(url)],
  ['undici (the upstream client)', (_, url) => /undici/.test(url)],
  ['node:http, node:net, streams, events', (_, url) => /^node:(_http_|net|events|stream|internal\/streams|internal\/stream_base_commons|internal\/http)/.test(url)],
  ['promises, timers, abort signals', (name, url) => name === 'runMicrotasks' || /^node:internal\/(abort_controller|event_target|timers|process\/task_queues)/.test(url)],
  ['hashing and random bytes', (_, url) => /^node:internal\/crypto|@noble\//.test(url)],
  ['zod (request schemas)', (_, url) => /node_modules\/zod\//.test(url)],
  ['metrics (prom-client)', (_, url) => /prom-client|\/server\/metrics\//.test(url)],
  ['request log (pino)', (_, url) => /pino|sonic-boom|request-log|turn-batched-destination/.test(url)],
  ['audit records (chain, Merkle, canonical JSON)', (_, url) => /\/security\/audit\//.test(url)],
  ['data profile, detectors, redaction', (_, url) => /\/core\/(profile|redaction|detectors)\//.test(url)],
  ['router and policies (CEL)', (_, url) => /\/core\/(router|policy)\/|@bufbuild|^wasm:/.test(url)],
  ['dialects and the relayed answer', (_, url) => /\/server\/dialects\/|passthrough|whole-json/.test(url)],
  ['module loading and compiling', (name, url) => name === 'compileSourceTextModule' || /^node:internal\/(modules|bootstrap)/.test(url)],
  ['other gateway code', (_, url) => /\/(src|dist)\//.test(url) && !/node_modules/.test(url)],
  ['other (Node, V8, packages)', () => true],
];

/** Self time by area ({@link areas}), in the areas' order. */
export function areasOfProfile(profile: CpuProfile): { total: number; areas: SelfTime[] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>(areas.map(([area]) => [area, 0]));
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)' || functionName === '(root)') return;
    const microseconds = profile.timeDeltas[index] ?? 0;
    total += microseconds;
    const area = areas.find(([, matches]) => matches(functionName, url))![0];
    totals.set(area, totals.get(area)! + microseconds);
  });
  return { total: total / 1000, areas: [...totals].map(([name, microseconds]) => ({ name, milliseconds: microseconds / 1000, share: total === 0 ? 0 : microseconds / total })) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile-summary.ts FILE.cpuprofile [--top N] [--areas]');
  if (process.argv.includes('--areas')) {
    const { total, areas: byArea } = areasOfProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
    process.stdout.write(`Busy time (idle and (program) excluded): ${total.toFixed(0)} ms\n\n`);
    process.stdout.write(`${table(['area', 'self ms', 'share'], byArea.map((entry) => [entry.name, entry.milliseconds.toFixed(1), `${(entry.share * 100).toFixed(1)}%`]))}\n`);
    process.exit(0);
  }
  const topIndex = process.argv.indexOf('--top');
  const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 25;
  const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const rows = (list: SelfTime[]) => list.slice(0, top).map((entry) => [entry.name, entry.milliseconds.toFixed(1), `${(entry.share * 100).toFixed(1)}%`]);
  process.stdout.write(`Busy time (idle and (program) excluded): ${summary.total.toFixed(0)} ms\n\n`);
  process.stdout.write(`${table(['place', 'self ms', 'share'], rows(summary.places))}\n\n`);
  process.stdout.write(`${table(['function', 'self ms', 'share'], rows(summary.functions))}\n`);
}
