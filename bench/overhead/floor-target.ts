import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { spawnManaged, waitForHttp } from './managed-process.ts';
import { repositoryRoot, tsEntryArgs } from './node-entry.ts';
import { chatPath, type Target } from './target.ts';

/** Starts the minimal pass-through proxy (`floor-proxy-main.ts`) on `core`, in front of `upstreamOrigin`. */
export async function startFloor(workDirectory: string, upstreamOrigin: string, core: number): Promise<Target> {
  const port = await freePort();
  const managed = spawnManaged({
    command: process.execPath,
    args: tsEntryArgs('./floor-proxy-main.ts', [String(port), upstreamOrigin]),
    core,
    cwd: repositoryRoot,
    logFile: join(workDirectory, 'floor.log'),
  });
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${origin}/v1/models`, managed);
  } catch (error) {
    await managed.stop();
    throw error;
  }
  return {
    name: 'floor',
    origin,
    path: chatPath,
    headers: { authorization: 'Bearer sk-bench-upstream' },
    pid: managed.pid,
    logTail: () => managed.logTail(),
    close: () => managed.stop(),
  };
}
