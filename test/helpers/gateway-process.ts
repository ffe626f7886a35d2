import { spawn, type ChildProcess } from 'node:child_process';

/** A `sovereign serve` process started from dist/, as users run it. */
export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then waits for it to exit. */
  stop(): Promise<void>;
  /** SIGKILL (kill -9), then waits for it to exit. */
  kill(): Promise<void>;
}

/**
 * Starts `sovereign serve --port 0` with only `env` (and PATH) in its environment and resolves once it listens.
 * Generous timeout: on a loaded machine a fresh process takes a while to load.
 */
export function startGatewayProcess(env: Record<string, string>, args: string[] = [], options: { ready?: RegExp } = {}): Promise<GatewayProcess> {
  // The line that says it is ready; its first group is the URL.
  const ready = options.ready ?? /listening on (http:\/\/127\.0\.0\.1:\d+)/;
  const child = spawn(process.execPath, ['bin/sovereign.js', 'serve', '--port', '0', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exit.then(() => (exited = true));
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const end = async (signal: NodeJS.Signals) => {
    if (!exited) child.kill(signal);
    await exit;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gateway did not start within 90 s:\n${output}`));
    }, 90_000);
    child.stderr!.on('data', () => {
      const match = ready.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({ child, url: match[1]!, output: () => output, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${output}`));
    });
  });
}

/** Polls `check` every 50 ms until it holds; throws after `timeoutMs` naming `what`. */
export async function eventually(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
