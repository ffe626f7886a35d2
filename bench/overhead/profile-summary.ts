/**
 * Where a V8 CPU profile spends its time: self time per function and per file (or package), from the
 * `.cpuprofile` that `npm run bench -- overhead --cpu-prof DIR` leaves. A text flame-graph substitute for a
 * terminal; open the file in Chrome DevTools or https://www.speedscope.app for the real one.
 *
 *   npx tsx bench/overhead/profile-summary.ts FILE.cpuprofile [--top N]
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile-summary.ts FILE.cpuprofile [--top N]');
  const topIndex = process.argv.indexOf('--top');
  const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 25;
  const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const rows = (list: SelfTime[]) => list.slice(0, top).map((entry) => [entry.name, entry.milliseconds.toFixed(1), `${(entry.share * 100).toFixed(1)}%`]);
  process.stdout.write(`Busy time (idle and (program) excluded): ${summary.total.toFixed(0)} ms\n\n`);
  process.stdout.write(`${table(['place', 'self ms', 'share'], rows(summary.places))}\n\n`);
  process.stdout.write(`${table(['function', 'self ms', 'share'], rows(summary.functions))}\n`);
}
