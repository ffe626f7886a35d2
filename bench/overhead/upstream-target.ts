import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { spawnManaged, waitForHttp } from './managed-process.ts';
import { repositoryRoot, tsEntryArgs } from './node-entry.ts';
import { chatPath, type Target } from './target.ts';

/**
 * Starts the simulator in its own process on `core` and returns it as the `direct` target: requests straight
 * to the upstream, the baseline every "added" figure is measured against.
 */
export async function startUpstream(workDirectory: string, core: number): Promise<Target> {
  const port = await freePort();
  const managed = spawnManaged({
    command: process.execPath,
    args: tsEntryArgs('./upstream-main.ts', [String(port)]),
    core,
    cwd: repositoryRoot,
    logFile: join(workDirectory, 'upstream.log'),
  });
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${origin}/v1/models`, managed);
  } catch (error) {
    await managed.stop();
    throw error;
  }
  return {
    name: 'direct',
    origin,
    path: chatPath,
    headers: { authorization: 'Bearer sk-bench-upstream' },
    pid: managed.pid,
    logTail: () => managed.logTail(),
    close: () => managed.stop(),
  };
}
