import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/server/config/load-config.ts';
import { startGateway, type RunningGateway } from '../../src/server/gateway.ts';
import { createLogger } from '../../src/server/logger.ts';

/** `@anthropic-ai/claude-code`, pinned in package.json; its platform binary comes in an npm package (no download). */
const claude = resolve('node_modules/.bin/claude');
const claudeVersion = '2.1.332';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `claude -p` as a user would, but sealed: a fresh HOME and working directory, no login (an API key for the
 * gateway only), no telemetry, error reports, updates or other non-essential traffic, and every other connection
 * sent to a closed loopback proxy, so nothing but the gateway is reached.
 */
function runClaude(prompt: string, options: { home: string; cwd: string; baseUrl: string; apiKey: string }): Promise<Run> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: options.home,
    CLAUDE_CONFIG_DIR: join(options.home, '.claude'),
    ANTHROPIC_BASE_URL: options.baseUrl,
    ANTHROPIC_API_KEY: options.apiKey,
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_BUG_COMMAND: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY: '1',
    // Port 9 (discard) on loopback: any connection that is not to the gateway fails at once instead of leaving the machine.
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost',
  };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(claude, ['-p', prompt], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

describe(`Claude Code ${claudeVersion} against the gateway's default simulated fleet`, () => {
  let gateway: RunningGateway;
  let home: string;
  let work: string;
  let state: string;
  const apiKey = `sk-claude-code-${Date.now().toString(36)}`;

  beforeAll(async () => {
    state = mkdtempSync(join(tmpdir(), 'sovereign-claude-state-'));
    home = mkdtempSync(join(tmpdir(), 'sovereign-claude-home-'));
    work = mkdtempSync(join(tmpdir(), 'sovereign-claude-work-'));
    const env = { SOVEREIGN_API_KEY: apiKey };
    // The default configuration as shipped: Claude Code's default model must route without any configuration.
    gateway = await startGateway({ config: loadConfigFile('config/default.yaml', env), env, home: state, port: 0, host: '127.0.0.1', logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await gateway?.shutdown(0);
    for (const directory of [state, home, work]) rmSync(directory, { recursive: true, force: true });
  });

  it('is installed by npm ci as a pinned binary', () => {
    expect(existsSync(claude)).toBe(true);
  });

  it('completes a task with its default model and tools (a tool call, then the answer) and exits 0; the ledger shows its requests', async () => {
    writeFileSync(join(work, 'notes.txt'), 'The secret word is marmalade.\n');
    const from = Date.now() - 1000;
    const run = await runClaude(`Use the Read tool to read ${join(work, 'notes.txt')} and tell me the secret word.`, { home, cwd: work, baseUrl: gateway.url, apiKey });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).not.toBe('');

    const received = gateway.simulators.get('anthropic-us')?.received ?? [];
    const messagesCalls = received.filter((request) => request.path === '/v1/messages');
    expect(messagesCalls.length).toBeGreaterThanOrEqual(2);
    const first = messagesCalls[0]!;
    const firstBody = first.body as { model: string; messages: Array<{ role: string; content: unknown }>; tools?: Array<{ name: string }> };
    // Its default model, its default tools, a system message mid-conversation, and its betas unchanged.
    expect(firstBody.model).toMatch(/^claude-/);
    expect(firstBody.tools?.map((tool) => tool.name)).toEqual(expect.arrayContaining(['Bash', 'Read', 'Edit', 'Write']));
    expect(firstBody.messages.slice(1).some((message) => message.role === 'system')).toBe(true);
    expect(first.headers['anthropic-beta']).toContain('claude-code-');
    expect(first.headers['anthropic-version']).toBe('2023-06-01');
    // The loop ran the tool for real: the file's content went back as a tool result, and the next answer ended it.
    const followUp = JSON.stringify(messagesCalls.at(-1)!.body);
    expect(followUp).toContain('tool_result');
    expect(followUp).toContain('marmalade');

    const rows = await gateway.services.ledger.usage({ from, groupBy: ['model'] });
    const claudeRows = rows.filter((row) => String(row.model).startsWith('claude-'));
    expect(claudeRows.reduce((sum, row) => sum + row.requests, 0)).toBeGreaterThanOrEqual(messagesCalls.length);
  }, 180_000);
});
