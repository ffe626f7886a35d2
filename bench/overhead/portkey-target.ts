import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { repositoryRoot } from './node-entry.ts';
import { startTarget } from './start-target.ts';
import type { Target } from './target.ts';

/** The peer's own folder: its package.json and lockfile pin `@portkey-ai/gateway` 1.15.2, hono 4.9.7 and @hono/node-server 1.13.5. */
export const portkeyFolder = join(repositoryRoot, 'bench', 'peers', 'portkey');
const packageFolder = join(portkeyFolder, 'node_modules', '@portkey-ai', 'gateway');
const startScript = join(packageFolder, 'build', 'start-server.js');
const expectedVersion = '1.15.2';

function installedVersion(): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(packageFolder, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * Installs the peer on first use with `npm ci` from its lockfile (scripts off: the package's only install
 * script applies patches it does not ship), npm's output on stderr. Resolves with a reason when it cannot.
 */
export async function ensurePortkey(log: (line: string) => void): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (installedVersion() === expectedVersion && existsSync(startScript)) return { ok: true };
  log(`portkey: installing @portkey-ai/gateway ${expectedVersion} in ${portkeyFolder} (npm ci, first use only)...`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const code = await new Promise<number | string>((resolve) => {
    const child = spawn(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: portkeyFolder,
      stdio: ['ignore', process.stderr, process.stderr],
    });
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? signal ?? 'unknown'));
  });
  if (code !== 0) return { ok: false, reason: `npm ci in ${portkeyFolder} failed (${code}); is the npm registry reachable?` };
  if (installedVersion() !== expectedVersion || !existsSync(startScript)) {
    return { ok: false, reason: `npm ci did not produce ${startScript} at version ${expectedVersion}` };
  }
  return { ok: true };
}

/**
 * Starts the Portkey gateway (`build/start-server.js --port=N --headless`) on `core`, bound to 127.0.0.1 by a
 * preloaded module (it binds every interface otherwise), routing every request to the upstream simulator with
 * `x-portkey-provider: openai` and `x-portkey-custom-host`.
 * @see https://github.com/Portkey-AI/gateway
 */
export async function startPortkey(workDirectory: string, upstreamOrigin: string, core: number): Promise<Target> {
  const port = await freePort();
  const preload = new URL('./bind-loopback.mjs', import.meta.url).href;
  return startTarget({
    name: 'portkey',
    port,
    command: process.execPath,
    args: ['--import', preload, startScript, `--port=${port}`, '--headless'],
    core,
    cwd: packageFolder,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production' },
    workDirectory,
    readyPath: '/',
    headers: {
      authorization: 'Bearer sk-bench-upstream',
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': `${upstreamOrigin}/v1`,
    },
  });
}
