import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chatModel } from './bench-models.ts';
import { freePort } from './free-port.ts';
import { ensurePeerInstalled, packageFolderOf, type PeerPackage } from './install-peer.ts';
import { repositoryRoot } from './node-entry.ts';
import { startTarget } from './start-target.ts';
import type { Target } from './target.ts';

/**
 * The second peer's own folder: its package.json and lockfile pin `@nullplatform/llm-gateway` 2.0.11 (express,
 * axios, winston, joi: pure JavaScript, no install script, no native module) and, by an npm override,
 * `@nullplatform/llm-gateway-sdk` 2.0.2 (it depends on itself at ^1.0.0, which the registry does not hold).
 * @see https://www.npmjs.com/package/@nullplatform/llm-gateway
 */
export const nullplatformPackage: PeerPackage = {
  folder: join(repositoryRoot, 'bench', 'peers', 'nullplatform'),
  packageName: '@nullplatform/llm-gateway',
  version: '2.0.11',
  entry: join('dist', 'cli.js'),
};

/** Installs the peer on first use with `npm ci --ignore-scripts` from its lockfile. Resolves with a reason when it cannot. */
export function ensureNullplatform(log: (line: string) => void): Promise<{ ok: true } | { ok: false; reason: string }> {
  return ensurePeerInstalled(nullplatformPackage, (line) => log(`nullplatform: ${line}`));
}

/**
 * The gateway's configuration (its JSON form; the loader takes `.yaml` or `.json`): one default model, `chatModel`,
 * on its `openai` provider with the upstream simulator as base URL, the client's model name passed on
 * (`bypassModel`; else every request would ask for `chatModel`, the idle-stream test's model included), one attempt (its default of 3 with a backoff of
 * 1 s, 2 s would hide a failing upstream), no plugins, its default logging (info, one line per request and one per
 * answer).
 */
export function nullplatformConfig(port: number, upstreamOrigin: string): object {
  return {
    server: { port },
    maxRetries: 1,
    models: [
      {
        name: chatModel,
        isDefault: true,
        provider: { type: 'openai', config: { baseUrl: `${upstreamOrigin}/v1`, apiKey: 'sk-bench-upstream', model: chatModel, bypassModel: true, retryAttempts: 1 } },
      },
    ],
    logging: { level: 'info' },
  };
}

/**
 * Starts nullplatform's LLM Gateway (`dist/cli.js start -c gateway.json`) on `core`, bound to 127.0.0.1 by the
 * preloaded `bind-loopback.mjs` (it calls `app.listen(port)` with no host), in production mode (as shipped, its
 * winston logger then also writes `logs/combined.log`, in the target's own folder of the work directory). Its
 * OpenAI adapter serves `/openai/v1/chat/completions` of the default project; it needs no client credential.
 */
export async function startNullplatform(workDirectory: string, upstreamOrigin: string, core: number): Promise<Target> {
  const port = await freePort();
  const folder = join(workDirectory, 'nullplatform');
  mkdirSync(folder, { recursive: true });
  const configFile = join(folder, 'gateway.json');
  writeFileSync(configFile, `${JSON.stringify(nullplatformConfig(port, upstreamOrigin), null, 2)}\n`);
  const preload = new URL('./bind-loopback.mjs', import.meta.url).href;
  return startTarget({
    name: 'nullplatform',
    port,
    command: process.execPath,
    args: ['--import', preload, join(packageFolderOf(nullplatformPackage), nullplatformPackage.entry), 'start', '-c', configFile],
    core,
    cwd: folder,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production' },
    workDirectory,
    readyPath: '/health',
    path: '/openai/v1/chat/completions',
    headers: {},
  });
}
