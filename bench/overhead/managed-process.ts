import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { request } from 'undici';

/** A child process of the benchmark, its output in a log file (so nothing competes for the harness's pipes). */
export interface ManagedProcess {
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** The last lines of its output, for error messages. */
  logTail(lines?: number): string;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

let tasksetPresent: boolean | undefined;

/** Whether processes can be pinned to cores: `taskset` exists and the machine has at least two cores. */
export function canPin(): boolean {
  tasksetPresent ??= spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
  return tasksetPresent && availableParallelism() >= 2;
}

/** Pins every thread of the current process to `core` (no-op where pinning is unavailable). */
export function pinSelf(core: number): boolean {
  if (!canPin()) return false;
  return spawnSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' }).status === 0;
}

export interface SpawnOptions {
  command: string;
  args: string[];
  /** Run on this core only (`taskset -c`, which execs, so the pid is the command's own). */
  core?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logFile: string;
}

export function spawnManaged(options: SpawnOptions): ManagedProcess {
  const pinned = options.core !== undefined && canPin();
  const command = pinned ? 'taskset' : options.command;
  const args = pinned ? ['-c', String(options.core), options.command, ...options.args] : options.args;
  const log = openSync(options.logFile, 'a');
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', log, log] });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`could not start ${options.command}`);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => resolve(error.message));
  });
  let running = true;
  void exited.then(() => (running = false));
  return {
    pid: child.pid,
    logFile: options.logFile,
    exited,
    logTail(lines = 20) {
      try {
        return readFileSync(options.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        return '';
      }
    },
    async stop(graceMs = 3000) {
      if (!running) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `url` with GET until it answers with a status below 500; fails early if `process` exits. */
export async function waitForHttp(url: string, managed: ManagedProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedWith: number | string | undefined;
  void managed.exited.then((code) => (exitedWith = code));
  for (;;) {
    if (exitedWith !== undefined) throw new Error(`exited (${exitedWith}) before answering ${url}:\n${managed.logTail()}`);
    try {
      const response = await request(url, { headersTimeout: 2000, bodyTimeout: 2000 });
      await response.body.dump();
      if (response.statusCode < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no answer from ${url} after ${timeoutMs} ms:\n${managed.logTail()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
