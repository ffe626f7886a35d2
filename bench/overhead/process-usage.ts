import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time and resident memory of a process read from Linux `/proc`: `utime + stime` (fields 14 and 15 of
 * `/proc/<pid>/stat`, in clock ticks, every thread of the process included) summed over the process and its
 * living descendants; RSS from `VmRSS` in `/proc/<pid>/status`. Elsewhere both read as `undefined`.
 * @see https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html
 */
let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const answer = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const parsed = Number.parseInt(answer.stdout ?? '', 10);
    ticksPerSecond = Number.isFinite(parsed) && parsed > 0 ? parsed : 100;
  }
  return ticksPerSecond;
}

/** The fields after the command name (which may hold spaces and parentheses); index 0 is field 3 (state). */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const fields = statFields(pid);
    const parent = fields ? Number(fields[1]) : Number.NaN;
    if (!Number.isInteger(parent)) continue;
    const siblings = children.get(parent) ?? [];
    siblings.push(pid);
    children.set(parent, siblings);
  }
  const found: number[] = [];
  const pending = [...(children.get(root) ?? [])];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    found.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** CPU microseconds (user + system) used so far by `pid` and its living descendants; `undefined` off Linux. */
export function cpuMicroseconds(pid: number): number | undefined {
  const own = statFields(pid);
  if (!own) return undefined;
  let ticks = 0;
  for (const fields of [own, ...descendantsOf(pid).map(statFields)]) {
    if (fields) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1_000_000) / clockTicks();
}

/** Resident set size of `pid` in bytes; `undefined` when it cannot be read. */
export function residentBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
