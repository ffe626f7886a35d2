import { spawn } from 'node:child_process';

export interface CliRun {
  /** Exit code, or null when it was killed (timeout). */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command line program asynchronously (the gateway under test runs in this process, so the event loop must
 * stay free), with stdin closed, only the given environment, and a kill after `timeoutMs`.
 */
export function runCli(command: string, args: string[], options: { env: Record<string, string>; cwd: string; timeoutMs: number }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/**
 * Environment variables that close the network to a child process except loopback: every HTTP(S) client that honours
 * the proxy variables (reqwest, curl, git, undici's EnvHttpProxyAgent) is sent to a closed loopback port, so any
 * attempt to reach the outside fails at once instead of leaving the machine.
 */
export const closedNetworkEnv: Record<string, string> = {
  HTTPS_PROXY: 'http://127.0.0.1:9',
  HTTP_PROXY: 'http://127.0.0.1:9',
  ALL_PROXY: 'http://127.0.0.1:9',
  https_proxy: 'http://127.0.0.1:9',
  http_proxy: 'http://127.0.0.1:9',
  NO_PROXY: '127.0.0.1,localhost',
  no_proxy: '127.0.0.1,localhost',
};
