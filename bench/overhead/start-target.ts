import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { spawnManaged, waitForHttp } from './managed-process.ts';
import { repositoryRoot, tsEntryArgs } from './node-entry.ts';
import { chatPath, type Target, type TargetName } from './target.ts';

export interface StartTargetOptions {
  name: TargetName;
  port: number;
  command: string;
  args: string[];
  /** Core to pin the process to (`taskset -c`). */
  core: number;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  workDirectory: string;
  /** A GET path that answers below 500 once the target is ready. */
  readyPath: string;
  readyTimeoutMs?: number;
  headers: Record<string, string>;
  /** The chat completions path on this target; the OpenAI API's own (`/v1/chat/completions`) unless set. */
  path?: string;
  /** SIGTERM grace before SIGKILL on close. */
  closeGraceMs?: number;
}

/** Spawns a target's process (output to `<name>.log` in the work directory), waits until it answers, and wraps it. */
export async function startTarget(options: StartTargetOptions): Promise<Target> {
  const managed = spawnManaged({
    command: options.command,
    args: options.args,
    core: options.core,
    cwd: options.cwd,
    ...(options.env ? { env: options.env } : {}),
    logFile: join(options.workDirectory, `${options.name}.log`),
  });
  const origin = `http://127.0.0.1:${options.port}`;
  try {
    await waitForHttp(`${origin}${options.readyPath}`, managed, options.readyTimeoutMs);
  } catch (error) {
    await managed.stop();
    throw error;
  }
  return {
    name: options.name,
    origin,
    path: options.path ?? chatPath,
    headers: options.headers,
    pid: managed.pid,
    logTail: () => managed.logTail(),
    close: () => managed.stop(options.closeGraceMs),
  };
}

/** Starts one of this folder's TypeScript entries (`*-main.ts`, taking its port first) as a target. */
export async function startEntryTarget(name: TargetName, entryFile: string, entryArgs: string[], core: number, workDirectory: string): Promise<Target> {
  const port = await freePort();
  return startTarget({
    name,
    port,
    command: process.execPath,
    args: tsEntryArgs(entryFile, [String(port), ...entryArgs]),
    core,
    cwd: repositoryRoot,
    workDirectory,
    readyPath: '/v1/models',
    headers: { authorization: 'Bearer sk-bench-upstream' },
  });
}
