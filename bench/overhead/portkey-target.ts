import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { ensurePeerInstalled, packageFolderOf, type PeerPackage } from './install-peer.ts';
import { repositoryRoot } from './node-entry.ts';
import { startTarget } from './start-target.ts';
import type { Target } from './target.ts';

/** The peer's own folder: its package.json and lockfile pin `@portkey-ai/gateway` 1.15.2, hono 4.9.7 and @hono/node-server 1.13.5. */
export const portkeyPackage: PeerPackage = {
  folder: join(repositoryRoot, 'bench', 'peers', 'portkey'),
  packageName: '@portkey-ai/gateway',
  version: '1.15.2',
  entry: join('build', 'start-server.js'),
};
const packageFolder = packageFolderOf(portkeyPackage);
const startScript = join(packageFolder, portkeyPackage.entry);

/**
 * Installs the peer on first use with `npm ci` from its lockfile (scripts off: the package's only install
 * script applies patches it does not ship), npm's output on stderr. Resolves with a reason when it cannot.
 */
export function ensurePortkey(log: (line: string) => void): Promise<{ ok: true } | { ok: false; reason: string }> {
  return ensurePeerInstalled(portkeyPackage, (line) => log(`portkey: ${line}`));
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
