import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const config = `
audit: { strict: true, checkpointEvery: 50 }
providers:
  - id: sim
    adapter: openai-compatible
    tier: local
    jurisdiction: DE
    operator: { name: Test, country: DE }
    simulated: { ttftMs: 40, tokensPerSecond: 0, outputTokens: 8, seed: 1 }
    models: [{ name: m, price: { input: 1, output: 2 } }]
`;

function serve(home: string, configFile: string, apiKey: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/sovereign.js', 'serve', '--config', configFile, '--port', '0'], {
    env: { PATH: process.env.PATH ?? '', SOVEREIGN_HOME: home, SOVEREIGN_API_KEY: apiKey },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), 20_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    });
    child.on('exit', (code) => reject(new Error(`gateway exited with ${code}:\n${output}`)));
  });
}

describe('kill -9 with hundreds of requests in flight', () => {
  const home = mkdtempSync(join(tmpdir(), 'sovereign-crash-'));
  const configFile = join(home, 'config.yaml');
  writeFileSync(configFile, config);
  const apiKey = 'sk-crash-test-key';
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('keeps a ledger row and an audit record for every answer the client saw complete, and the log verifies', async () => {
    const first = await serve(home, configFile, apiKey);
    const completed: string[] = [];
    let failed = 0;
    // Client request ids are UUIDs (the only form the gateway keeps), one per request.
    const requestIdOf = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
    const send = async (index: number) => {
      try {
        const response = await fetch(`${first.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'x-request-id': requestIdOf(index) },
          body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: `request ${index}` }] }),
        });
        const body = (await response.json()) as { object?: string };
        if (response.status === 200 && body.object === 'chat.completion') completed.push(requestIdOf(index));
      } catch {
        failed++;
      }
    };
    const inFlight: Array<Promise<void>> = [];
    for (let index = 0; index < 600; index++) {
      inFlight.push(send(index));
      if (index % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 15));
    }
    // Kill once a good share has completed and hundreds are still in flight.
    while (completed.length < 100) await new Promise((resolve) => setTimeout(resolve, 5));
    first.child.kill('SIGKILL');
    await Promise.all(inFlight);
    expect(failed).toBeGreaterThan(100);

    const second = await serve(home, configFile, apiKey);
    try {
      const ledger = new Database(join(home, 'sovereign.db'), { readonly: true });
      const inLedger = new Set((ledger.prepare('SELECT request_id FROM ledger').all() as Array<{ request_id: string }>).map((row) => row.request_id));
      ledger.close();
      const auditDb = new Database(join(home, 'audit.db'), { readonly: true });
      const inAudit = new Set((auditDb.prepare('SELECT request_id FROM audit_records').all() as Array<{ request_id: string }>).map((row) => row.request_id));
      auditDb.close();
      for (const requestId of completed) {
        expect(inLedger.has(requestId), `ledger row for ${requestId}`).toBe(true);
        expect(inAudit.has(requestId), `audit record for ${requestId}`).toBe(true);
      }
      // The restarted gateway continues the chain.
      const after = await fetch(`${second.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'after the crash' }] }),
      });
      expect(after.status).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.on('exit', resolve));
    }
    const verify = spawnSync(process.execPath, ['bin/sovereign.js', 'audit', 'verify', '--home', home], { encoding: 'utf8' });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  }, 60_000);
});
