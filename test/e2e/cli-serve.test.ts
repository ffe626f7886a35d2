import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Starts `sovereign serve` as a user would (the README's first command runs `npm start`, which runs this). */
function startCli(home: string, extraEnv: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['bin/sovereign.js', 'serve', '--port', '0'], {
    env: { PATH: process.env.PATH ?? '', SOVEREIGN_HOME: home, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner after 20 s:\n${output}`)), 20_000);
    const check = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match && output.includes('Try:')) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output });
      }
    };
    child.stderr!.on('data', check);
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
}

describe('sovereign serve on the embedded default', () => {
  const home = mkdtempSync(join(tmpdir(), 'sovereign-cli-'));
  let server: Awaited<ReturnType<typeof startCli>>;
  let apiKey: string;

  beforeAll(async () => {
    server = await startCli(home);
    const match = /shown once, stored only as a hash\): (\S+)/.exec(server.output());
    apiKey = match?.[1] ?? '';
  }, 30_000);
  afterAll(() => {
    server?.child.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  });

  it('prints a generated key once and keeps only its hash, owner-only', () => {
    expect(apiKey).toMatch(/^sk-sov-/);
    const mode = statSync(join(home, 'default-key.json')).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it('prints a Try example that works as pasted into a shell, with the generated key exported first', async () => {
    const output = server.output();
    const tryLines = output.slice(output.indexOf('Try:') + 'Try:'.length).split('\n').filter((line) => line.startsWith('  ')).map((line) => line.trim());
    expect(tryLines[0]).toBe(`export SOVEREIGN_API_KEY=${apiKey}`);
    const script = tryLines.join('\n').replace(/^curl /m, 'curl -s -o /dev/null -w "%{http_code}" ');
    const shell = spawn('bash', ['-c', script], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let status = '';
    shell.stdout!.on('data', (chunk: Buffer) => (status += chunk.toString()));
    await new Promise((resolve) => shell.on('close', resolve));
    expect(status).toBe('200');
  });

  it('says what is simulated and what is off', () => {
    expect(server.output()).toMatch(/simulated\s+onprem-de-vllm\s+local\s+DE/);
    expect(server.output()).toMatch(/off\s+openai\s+\(set OPENAI_API_KEY to enable\)/);
  });

  it('routes model "auto" to a 200 chat.completion', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Hello' }] }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0].message.content.length).toBeGreaterThan(0);
  });

  it('streams SSE that ends in data: [DONE]', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', stream: true, messages: [{ role: 'user', content: 'Hello' }] }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    expect(text).toContain('"chat.completion.chunk"');
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.child.on('exit', resolve));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(server.output()).toContain('Stopped.');
  });
});

describe('sovereign serve with an invalid configuration', () => {
  it('refuses to start and names the file and the reason', async () => {
    const child = spawn(process.execPath, ['bin/sovereign.js', 'serve', '--config', 'test/fixtures/invalid-config.yaml'], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(78);
    expect(output).toContain('test/fixtures/invalid-config.yaml');
    expect(output).toMatch(/providers\[0\]\.tier/);
  }, 20_000);
});

describe('the sovereign command without a build', () => {
  it('runs the compiled dist/, not the TypeScript sources', () => {
    expect(existsSync('dist/cli/main.js')).toBe(true);
    expect(existsSync('dist/cli/main.js.map')).toBe(true);
  });

  it('finds from dist/ the files it reads beside the code (the edge SDK source esbuild bundles)', () => {
    const script = "const { existsSync } = await import('node:fs'); const { edgeEntryPoint } = await import('./dist/server/edge/build-edge-sdk.js'); process.stdout.write(JSON.stringify({ edgeEntryPoint, exists: existsSync(edgeEntryPoint) }));";
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    const found = JSON.parse(result.stdout) as { edgeEntryPoint: string; exists: boolean };
    expect(found.edgeEntryPoint).toMatch(/src[/\\]edge[/\\]index\.ts$/);
    expect(found.exists).toBe(true);
  });

  it('refuses with a clear message naming the build command when dist/ is missing', async () => {
    const checkout = mkdtempSync(join(tmpdir(), 'sovereign-nodist-'));
    try {
      mkdirSync(join(checkout, 'bin'));
      copyFileSync('bin/sovereign.js', join(checkout, 'bin', 'sovereign.js'));
      const child = spawn(process.execPath, [join(checkout, 'bin', 'sovereign.js'), 'serve'], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(1);
      expect(output).toContain('dist/ is missing');
      expect(output).toContain('npm run build');
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
  });
});
