import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { postgresAvailability, redisAvailability, usePostgresServer, useRedisServer } from '../helpers/real-engines.ts';

const run = promisify(execFile);

/** `sovereign doctor` as a user runs it; resolves with the exit code and output whatever the code. */
async function doctor(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/sovereign.js', 'doctor'], { env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** `npm start`'s command with nothing but the two URLs, a home and a key in the environment. */
function serve(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['bin/sovereign.js', 'serve', '--port', '0'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner after 30 s:\n${output}`)), 30_000);
    child.stderr!.on('data', () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match && output.includes('Try:')) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
}

describe.skipIf(postgresAvailability().skip || redisAvailability().skip)('the CLI with SOVEREIGN_DATABASE_URL and SOVEREIGN_REDIS_URL', () => {
  const postgres = usePostgresServer();
  const redis = useRedisServer();

  it('doctor checks both connections and says which one fails, without the password', async () => {
    const url = await postgres().createDatabase();
    const good = await doctor({ SOVEREIGN_DATABASE_URL: url, SOVEREIGN_REDIS_URL: redis().url });
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/postgres: ok postgres:\/\/sovereign@127\.0\.0\.1:\d+\/test_\w+: PostgreSQL \d+/);
    expect(good.stdout).toContain('not created yet');
    expect(good.stdout).toMatch(/redis: ok redis:\/\/127\.0\.0\.1:\d+: Redis \d/);

    const badUrl = url.replace('sovereign@', 'sovereign:hunter2@').replace(/:(\d+)\//, ':1/');
    const bad = await doctor({ SOVEREIGN_DATABASE_URL: badUrl, SOVEREIGN_REDIS_URL: 'redis://:hunter2@127.0.0.1:1' });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/postgres: FAILED postgres:\/\/sovereign:\*\*\*@127\.0\.0\.1:1\/\w+: cannot connect/);
    expect(bad.stdout).toMatch(/redis: FAILED redis:\/\/:\*\*\*@127\.0\.0\.1:1: cannot connect/);
    expect(bad.stdout + bad.stderr).not.toContain('hunter2');

    const malformed = await doctor({ SOVEREIGN_DATABASE_URL: 'mysql://x' });
    expect(malformed.code).toBe(78);
    expect(malformed.stderr).toContain('SOVEREIGN_DATABASE_URL: must be a postgres:// or postgresql:// URL');
  }, 120_000);

  it('npm start runs on them with nothing else configured, and refuses to start when Postgres is unreachable', async () => {
    const url = await postgres().createDatabase();
    const home = mkdtempSync(join(tmpdir(), 'sovereign-cli-shared-'));
    const apiKey = 'sk-test-shared-state-0123456789';
    let server: Awaited<ReturnType<typeof serve>> | undefined;
    try {
      server = await serve({ SOVEREIGN_HOME: home, SOVEREIGN_API_KEY: apiKey, SOVEREIGN_DATABASE_URL: url, SOVEREIGN_REDIS_URL: redis().url });
      expect(server.output()).toMatch(/State: Postgres postgres:\/\/sovereign@127\.0\.0\.1:\d+\/test_\w+ \(shared\); Redis redis:\/\/127\.0\.0\.1:\d+/);
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Hello' }] }),
      });
      expect(response.status).toBe(200);
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { components: Record<string, { status: string }> };
      expect(Object.fromEntries(Object.entries(health.components).map(([name, component]) => [name, component.status]))).toEqual({
        postgres: 'ok',
        audit: 'ok',
        ledger: 'ok',
        redis: 'ok',
      });
      const migrated = await postgres().query('SELECT max(version) AS version FROM schema_version', url.split('/').at(-1));
      expect(migrated.rows[0]?.version).toBeGreaterThanOrEqual(5);
    } finally {
      server?.child.kill('SIGTERM');
      if (server) await new Promise((resolve) => server!.child.once('exit', resolve));
    }

    const refused = await serve({ SOVEREIGN_HOME: home, SOVEREIGN_API_KEY: apiKey, SOVEREIGN_DATABASE_URL: url.replace(/:(\d+)\//, ':1/') }).catch((error: Error) => error.message);
    expect(refused).toMatch(/exited with 1:[\s\S]*sovereign: cannot use Postgres at postgres:\/\/sovereign@127\.0\.0\.1:1\/\w+: .*ECONNREFUSED/);
    rmSync(home, { recursive: true, force: true });
  }, 120_000);
});
