import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/simulator.ts';
import { eventually, startGatewayProcess, type GatewayProcess } from '../helpers/gateway-process.ts';
import { useProcessWorkspace, type ProcessWorkspace } from '../helpers/process-workspace.ts';
import { redisAvailability, useRedisServer } from '../helpers/real-engines.ts';
import { runCli } from '../helpers/run-cli.ts';

const operatorKey = 'sk-workers-operator-key-0123456789';
const thriftyKey = 'sk-workers-thrifty-0123456789';
const budgetUsd = 1.5;
const allListening = /All 2 workers listening on (http:\/\/127\.0\.0\.1:\d+)/;

/** Two workers (from the file), a tenant with a USD budget, and `paced` with a request rate when given. */
function configYaml(simulator: Simulator, paced?: { key: string; requestsPerMinute: number }): string {
  return `
audit: { strict: true }
cache: { enabled: false }
server: { workers: 2, shutdownGraceMs: 20000 }
store: { redis: { commandTimeoutMs: 15000 } }
keys:
  - { key: ${thriftyKey}, tenant: thrifty }${paced ? `\n  - { key: ${paced.key}, tenant: paced }` : ''}
tenants:
  thrifty: { budgets: { usdPerDay: ${budgetUsd} } }${paced ? `\n  paced: { rateLimits: { requestsPerMinute: ${paced.requestsPerMinute} } }` : ''}
providers:
  - id: upstream
    adapter: openai-compatible
    tier: cloud
    jurisdiction: DE
    operator: { name: upstream, country: DE }
    baseUrl: ${simulator.url}/v1
    models: [{ name: m, price: { input: 1000, output: 2000 }, contextWindow: 4096 }]
`;
}

const progress = (step: string) => process.stderr.write(`[serve-workers] ${step}\n`);
const requestIdOf = (index: number) => `00000000-0000-4000-9000-${String(index).padStart(12, '0')}`;

interface Answer {
  status: number;
  body: { object?: string; error?: { code?: string } };
}

/**
 * One chat request on a connection of its own (node:http without an agent): the primary hands each new connection
 * to the next worker, where fetch's pooled keep-alive connections would stay with the workers they first reached.
 */
function chat(url: string, key: string, content: string, requestId?: string): Promise<Answer> {
  const payload = JSON.stringify({ model: 'm', max_tokens: 64, messages: [{ role: 'user', content }] });
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${url}/v1/chat/completions`,
      {
        method: 'POST',
        agent: false,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.once('error', reject);
        // A worker killed mid-answer: the connection closes before the end.
        response.once('close', () => {
          if (!response.complete) reject(new Error('the connection closed before the answer ended'));
        });
        response.once('end', () => {
          try {
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Answer['body'] });
          } catch (error) {
            reject(error as Error);
          }
        });
      },
    );
    request.once('error', reject);
    request.setTimeout(60_000, () => request.destroy(new Error('no answer within 60 s')));
    request.end(payload);
  });
}

/** The worker slots that logged a request line (of `tenant`, when given) in `output`. */
function servingWorkers(output: string, tenant?: string): Set<number> {
  const workers = new Set<number>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{') || !line.includes('"msg":"request"')) continue;
    const entry = JSON.parse(line) as { worker?: number; tenant?: string };
    if (entry.worker !== undefined && (tenant === undefined || entry.tenant === tenant)) workers.add(entry.worker);
  }
  return workers;
}

/** Worker pids by slot, from the primary's latest "All 2 workers listening" line. */
function workerPids(output: string): Map<number, number> {
  const lines = output.split('\n').filter((line) => allListening.test(line));
  const pids = new Map<number, number>();
  for (const match of (lines.at(-1) ?? '').matchAll(/(\d+): pid (\d+)/g)) pids.set(Number(match[1]), Number(match[2]));
  return pids;
}

function readRows(file: string, sql: string): Array<Record<string, unknown>> {
  const database = new Database(file, { readonly: true });
  try {
    return database.prepare(sql).all() as Array<Record<string, unknown>>;
  } finally {
    database.close();
  }
}

/**
 * Starts a provider simulator answering with `model`, writes `configYaml` for it into a fresh directory, and
 * starts `sovereign serve` on it with Redis, resolving once `ready` (every worker listening) is printed.
 */
async function startWorkers(
  workspace: ProcessWorkspace,
  redisUrl: string,
  model: { ttftMs: number; outputTokens: number; seed: number },
  options: { prefix: string; ready: RegExp; paced?: { key: string; requestsPerMinute: number }; args?: string[] },
): Promise<{ simulator: Simulator; home: string; gateway: GatewayProcess }> {
  const simulator = await workspace.simulator({ defaultModel: { ...model, tokensPerSecond: 0 } });
  const { configFile, home } = workspace.directory(options.prefix, configYaml(simulator, options.paced));
  const env = { SOVEREIGN_HOME: home, SOVEREIGN_API_KEY: operatorKey, SOVEREIGN_REDIS_URL: redisUrl };
  const gateway = await startGatewayProcess(env, ['--config', configFile, ...(options.args ?? [])], { ready: options.ready });
  return { simulator, home, gateway };
}

describe('sovereign serve --workers: refused without Redis', () => {
  it('exits 78 and says Redis is needed, naming the variable', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sovereign-workers-'));
    try {
      const run = await runCli(process.execPath, ['bin/sovereign.js', 'serve', '--port', '0', '--workers', '2'], {
        env: { PATH: process.env.PATH ?? '', SOVEREIGN_HOME: join(directory, 'home') },
        cwd: process.cwd(),
        timeoutMs: 60_000,
      });
      expect(run.status).toBe(78);
      expect(run.stderr).toMatch(/2 workers need Redis \(SOVEREIGN_REDIS_URL/);
      const bad = await runCli(process.execPath, ['bin/sovereign.js', 'serve', '--port', '0', '--workers', 'many'], {
        env: { PATH: process.env.PATH ?? '', SOVEREIGN_HOME: join(directory, 'home') },
        cwd: process.cwd(),
        timeoutMs: 60_000,
      });
      expect(bad.status).toBe(64);
      expect(bad.stderr).toMatch(/--workers must be a whole number from 1 to 512, or "auto"/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }, 120_000);
});

describe.skipIf(redisAvailability().skip)('sovereign serve --workers 2 on SQLite and Redis', () => {
  const redis = useRedisServer();
  const workspace = useProcessWorkspace();

  it('serves from both workers, keeps a budget across them, restarts a killed worker, drains on SIGTERM; ledger and audit agree', async () => {
    // server.workers: 2 comes from the file.
    const { simulator, home, gateway } = await startWorkers(workspace, redis().url, { ttftMs: 400, outputTokens: 64, seed: 3 }, { prefix: 'sovereign-workers-', ready: allListening });
    const completed = new Set<string>();
    let exited: number | null | undefined;
    gateway.child.once('exit', (code) => (exited = code));
    try {
      // A USD budget shared by the two workers: 40 requests released at once, each worker alone would admit a whole one.
      const answers = await Promise.all(Array.from({ length: 40 }, (_, index) => chat(gateway.url, thriftyKey, `Budget question ${index}`, requestIdOf(index))));
      const statuses = answers.map((answer) => answer.status);
      answers.forEach((answer, index) => answer.status === 200 && completed.add(requestIdOf(index)));
      const admitted = statuses.filter((status) => status === 200).length;
      expect(admitted).toBeGreaterThan(0);
      expect(statuses.filter((status) => status === 429).length).toBe(40 - admitted);
      expect(answers.filter((answer) => answer.status === 429).every((answer) => answer.body.error?.code === 'budget_exceeded')).toBe(true);
      expect(servingWorkers(gateway.output(), 'thrifty')).toEqual(new Set([1, 2]));
      const ledgerFile = join(home, 'sovereign.db');
      const spentNanoUsd = () => Number(readRows(ledgerFile, "SELECT coalesce(sum(cost_nano_usd), 0) AS spent, count(*) AS n FROM ledger WHERE tenant = 'thrifty' AND status = 200")[0]!.spent);
      await eventually('ledger rows', 30_000, () => Number(readRows(ledgerFile, "SELECT count(*) AS n FROM ledger WHERE tenant = 'thrifty' AND status = 200")[0]!.n) === admitted);
      expect(spentNanoUsd() / 1e9).toBeLessThanOrEqual(budgetUsd);
      expect(spentNanoUsd() / 1e9).toBeGreaterThan(budgetUsd / 2);

      // /metrics on whichever worker takes the scrape answers for both: 40 model requests, both workers reporting.
      for (let scrape = 0; scrape < 3; scrape++) {
        const text = await (await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${operatorKey}`, connection: 'close' } })).text();
        expect(text).toContain('sovereign_workers{state="reporting"} 2');
        const requests = [...text.matchAll(/^sovereign_requests_total\{[^}]*\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
        expect(requests).toBe(40);
      }
      progress('budget checked');
      // kill -9 one worker under load: clients retry a failed connection; the primary restarts the worker.
      const before = workerPids(gateway.output());
      expect(before.size).toBe(2);
      let retried = 0;
      const send = async (index: number) => {
        for (let attempt = 0; attempt < 5; attempt++) {
          try {
            const answer = await chat(gateway.url, operatorKey, `request ${index}`, requestIdOf(index));
            if (answer.status === 200 && answer.body.object === 'chat.completion') completed.add(requestIdOf(index));
            return;
          } catch {
            retried++;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      };
      const load: Array<Promise<void>> = [];
      for (let index = 100; index < 160; index++) {
        load.push(send(index));
        if (index === 120) process.kill(before.get(2)!, 'SIGKILL');
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      await Promise.all(load);
      progress('load sent');
      expect(gateway.output()).toContain(`worker 2 (pid ${before.get(2)}) was killed by SIGKILL; restarting it in`);
      await eventually('worker 2 restarted', 90_000, () => workerPids(gateway.output()).get(2) !== before.get(2) && workerPids(gateway.output()).has(2));
      expect(workerPids(gateway.output()).get(1)).toBe(before.get(1));
      progress('worker 2 restarted');
      // Requests keep being served, by both workers again.
      const restartedAt = gateway.output().lastIndexOf('All 2 workers listening');
      const after = await Promise.all(Array.from({ length: 20 }, (_, index) => chat(gateway.url, operatorKey, `after ${index}`, requestIdOf(200 + index))));
      expect(after.map((answer) => answer.status)).toEqual(Array.from({ length: 20 }, () => 200));
      after.forEach((_, index) => completed.add(requestIdOf(200 + index)));
      expect(servingWorkers(gateway.output().slice(restartedAt))).toEqual(new Set([1, 2]));
      process.stderr.write(`[serve-workers] ${completed.size} answered; ${retried} connection retries around the kill\n`);

      progress('served after restart');
      // SIGTERM drains: requests in flight on both workers finish, then the primary exits 0.
      const receivedBefore = simulator.received.length;
      const draining = Array.from({ length: 6 }, (_, index) => chat(gateway.url, operatorKey, `draining ${index}`, requestIdOf(300 + index)));
      // In flight once the provider has them all (it answers after 400 ms): not after a fixed wait, which a loaded
      // machine outran (a request that had not reached a worker yet was refused with 503).
      await eventually('draining requests at the provider', 30_000, () => simulator.received.length >= receivedBefore + 6);
      gateway.child.kill('SIGTERM');
      const drained = await Promise.all(draining);
      expect(drained.map((answer) => answer.status)).toEqual(Array.from({ length: 6 }, () => 200));
      drained.forEach((_, index) => completed.add(requestIdOf(300 + index)));
      progress('drained');
      await eventually('the primary exits', 60_000, () => exited !== undefined);
      expect(exited).toBe(0);
      expect(gateway.output()).toContain('Worker 1 stopped.');
      expect(gateway.output()).toContain('Worker 2 stopped.');
      expect(gateway.output().trimEnd().endsWith('Stopped.')).toBe(true);
    } finally {
      await gateway.stop();
    }

    // Every answer a client received is in the ledger and in the one audit log both workers wrote, which verifies.
    const ledger = new Set(readRows(join(home, 'sovereign.db'), 'SELECT request_id FROM ledger').map((row) => row.request_id));
    const audit = new Set(readRows(join(home, 'audit.db'), 'SELECT request_id FROM audit_records').map((row) => row.request_id));
    expect([...completed].filter((id) => !ledger.has(id))).toEqual([]);
    expect([...completed].filter((id) => !audit.has(id))).toEqual([]);
    const verify = await runCli(process.execPath, ['bin/sovereign.js', 'audit', 'verify'], { env: { PATH: process.env.PATH ?? '', SOVEREIGN_HOME: home }, cwd: process.cwd(), timeoutMs: 120_000 });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    const verified = /^ok: (\d+) records/.exec(verify.stdout);
    expect(Number(verified?.[1])).toBeGreaterThanOrEqual(audit.size);
    // The workers' last checkpoints cover every record: nothing is left unsigned after a drain.
    expect(verify.stdout).toContain('unsigned tail: 0 records');
  }, 400_000);
});

describe.skipIf(redisAvailability().skip)('sovereign serve --workers 3: Redis stopped under load', () => {
  const redis = useRedisServer();
  const workspace = useProcessWorkspace();

  it('limits fail closed on every worker while Redis is away, unlimited keys keep being served, and it recovers', async () => {
    const pacedKey = 'sk-workers-paced-0123456789';
    const limit = 30;
    const { gateway } = await startWorkers(workspace, redis().url, { ttftMs: 50, outputTokens: 16, seed: 4 }, {
      prefix: 'sovereign-workers-redis-',
      paced: { key: pacedKey, requestsPerMinute: limit },
      args: ['--workers', '3'],
      ready: /All 3 workers listening on (http:\/\/127\.0\.0\.1:\d+)/,
    });
    type Phase = 'before' | 'away' | 'back';
    let phase: Phase = 'before';
    const seen: Array<{ phase: Phase; key: 'paced' | 'operator'; status: number; code?: string; error?: string; sentAt: number; answeredAt: number }> = [];
    // Redis was down from the end of stop() to the call of start(): nothing could be admitted then.
    let stoppedAt = Number.POSITIVE_INFINITY;
    let restartingAt = Number.POSITIVE_INFINITY;
    let running = true;
    const started = Date.now();
    const loop = async (lane: number) => {
      for (let index = 0; running; index++) {
        const key = (index + lane) % 2 === 0 ? 'paced' : 'operator';
        const at = phase;
        const sentAt = Date.now();
        try {
          const answer = await chat(gateway.url, key === 'paced' ? pacedKey : operatorKey, `lane ${lane} request ${index}`);
          seen.push({ phase: at, key, status: answer.status, ...(answer.body.error?.code ? { code: answer.body.error.code } : {}), sentAt, answeredAt: Date.now() });
        } catch (error) {
          // A failed connection is recorded (status 0), so the assertions below name it.
          seen.push({ phase: at, key, status: 0, error: (error as Error).message, sentAt, answeredAt: Date.now() });
        }
      }
    };
    try {
      const lanes = Array.from({ length: 6 }, (_, lane) => loop(lane));
      await eventually('load before the outage', 60_000, () => seen.filter((entry) => entry.phase === 'before').length >= 30);
      await redis().stop();
      stoppedAt = Date.now();
      phase = 'away';
      await eventually('requests while Redis is away', 60_000, () => seen.filter((entry) => entry.phase === 'away' && entry.key === 'paced' && entry.status === 503).length >= 6);
      restartingAt = Date.now();
      await redis().start();
      phase = 'back';
      // The workers reconnect; then the limit is counted in Redis again (the window Redis lost starts anew).
      await eventually('limits counted again after Redis returned', 60_000, () => seen.filter((entry) => entry.phase === 'back' && entry.key === 'paced' && entry.status !== 503).length >= 6);
      running = false;
      await Promise.all(lanes);
    } finally {
      running = false;
      if (!redis().running) await redis().start();
      await gateway.stop();
    }
    const elapsedMinutes = (Date.now() - started) / 60_000;
    const paced = seen.filter((entry) => entry.key === 'paced');
    const operator = seen.filter((entry) => entry.key === 'operator');
    // The unlimited key never waits on Redis: every one of its requests was served, before, during and after.
    expect(operator.length).toBeGreaterThan(20);
    expect(operator.filter((entry) => entry.status !== 200)).toEqual([]);
    // The limited tenant: admitted, refused by the limit, or refused while Redis was away; nothing else.
    expect(paced.filter((entry) => ![200, 429, 503].includes(entry.status))).toEqual([]);
    expect(paced.filter((entry) => entry.status === 503).every((entry) => entry.code === 'limits_unavailable')).toBe(true);
    // (A request sent while Redis was away may wait for its command and be admitted once Redis is back.)
    expect(paced.filter((entry) => entry.status === 200 && entry.sentAt >= stoppedAt && entry.answeredAt < restartingAt)).toEqual([]);
    // Never past the limit across the three workers: one window before the outage and one after Redis returned
    // empty (a requests-per-minute window is not rebuilt), plus the refill over the run.
    const admitted = paced.filter((entry) => entry.status === 200).length;
    expect(admitted).toBeGreaterThan(0);
    expect(admitted).toBeLessThanOrEqual(2 * limit + Math.ceil(elapsedMinutes * limit));
    expect(gateway.output().split('\n').filter((line) => /was killed by|exited with code/.test(line))).toEqual([]);
    process.stderr.write(`[serve-workers] Redis stop under load: ${seen.length} requests; paced ${admitted} admitted, ${paced.filter((entry) => entry.status === 503).length} refused 503 while Redis was away\n`);
  }, 400_000);
});
