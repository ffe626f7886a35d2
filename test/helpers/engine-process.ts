import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** A server process started for a test, with the tail of what it printed (for error messages). */
export interface EngineProcess {
  child: ChildProcess;
  /** The last lines the process wrote to stdout and stderr. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<string>;
  readonly running: boolean;
}

const everyChild = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Whatever happens to the test process, its servers do not outlive it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of everyChild) killGroup(child);
  });
}

/** SIGKILL to the process and every process it started (it leads its own process group). */
function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/**
 * Starts `command` in its own process group (so a `kill -9` can take its worker processes with it, as a crash of
 * the machine's server would) and keeps the last 64 KB of its output.
 */
export function spawnEngine(command: string, args: string[], options: SpawnOptions = {}): EngineProcess {
  installExitHook();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...options });
  everyChild.add(child);
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-65_536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let running = true;
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => {
      running = false;
      everyChild.delete(child);
      keep(Buffer.from(`\n${error.message}\n`));
      resolve(`error ${error.message}`);
    });
    child.once('exit', (code, signal) => {
      running = false;
      everyChild.delete(child);
      resolve(signal ?? `code ${code}`);
    });
  });
  return {
    child,
    output: () => tail,
    exited,
    get running() {
      return running;
    },
  };
}

/**
 * Polls `probe` until it resolves true, failing early when the process exits and after `timeoutMs`. The error
 * carries what the process printed.
 */
export async function waitUntilReady(engine: EngineProcess, what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!engine.running) throw new Error(`${what} exited before it was ready:\n${engine.output()}`);
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} was not ready after ${timeoutMs} ms:\n${engine.output()}`);
}

/**
 * Sends `signal` and waits for the process to end (SIGKILL after `graceMs`). SIGKILL goes to the whole process
 * group, so nothing the engine started survives it.
 */
export async function stopEngine(engine: EngineProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
  if (!engine.running) return;
  if (signal === 'SIGKILL') killGroup(engine.child);
  else engine.child.kill(signal);
  const timer = setTimeout(() => killGroup(engine.child), graceMs);
  await engine.exited;
  clearTimeout(timer);
  // The leader's exit does not mean its group is gone: a killed postmaster's backends can still hold the shared
  // memory for a moment, and a restart at once refuses with "pre-existing shared memory block is still in use".
  if (signal === 'SIGKILL' && engine.child.pid !== undefined) await groupGone(engine.child.pid, graceMs);
}

/** Waits (up to `timeoutMs`) until no live process is left in process group `group`; zombies do not count. */
async function groupGone(group: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (liveMembers(group) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** How many processes of group `group` are alive (Linux's /proc; elsewhere `kill -0` of the group, zombies included). */
function liveMembers(group: number): number {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    try {
      process.kill(-group, 0);
      return 1;
    } catch {
      return 0;
    }
  }
  let live = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses, so read after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === group && fields[0] !== 'Z' && fields[0] !== 'X') live++;
  }
  return live;
}
