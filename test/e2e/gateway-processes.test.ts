import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/simulator.ts';
import { eventually, startGatewayProcess, type GatewayProcess } from '../helpers/gateway-process.ts';
import { useProcessWorkspace } from '../helpers/process-workspace.ts';
import { postgresAvailability, redisAvailability, usePostgresServer, useRedisServer } from '../helpers/real-engines.ts';
import { runCli } from '../helpers/run-cli.ts';

const operatorKey = 'sk-processes-operator-key-0123456789';
const keys = { thrifty: 'sk-processes-thrifty-0123456789', metered: 'sk-processes-metered-0123456789', paced: 'sk-processes-paced-0123456789' };
const budgetUsd = 1.5;
const tokensPerMinute = 800;
const requestsPerMinute = 10;

/** Both providers at one price, so a request's worst case is the same whichever serves it. */
function configYaml(flaky: Simulator, backup: Simulator): string {
  const provider = (id: string, simulator: Simulator) => `
  - id: ${id}
    adapter: openai-compatible
    tier: cloud
    jurisdiction: DE
    operator: { name: ${id}, country: DE }
    baseUrl: ${simulator.url}/v1
    models: [{ name: m, price: { input: ${id === 'flaky' ? 900 : 1000}, output: 2000 }, contextWindow: 4096 }]`;
  return `
audit: { strict: true }
cache: { enabled: false }
store: { redis: { commandTimeoutMs: 15000 } }
routing: { defaultStrategy: cheapest, maxFallbacks: 1, retry: { maxAttemptsPerCandidate: 1 }, circuitBreaker: { consecutiveFailures: 2, coolDownMs: 300000 } }
keys:
  - { key: ${keys.thrifty}, tenant: thrifty }
  - { key: ${keys.metered}, tenant: metered }
  - { key: ${keys.paced}, tenant: paced }
tenants:
  thrifty: { budgets: { usdPerDay: ${budgetUsd} } }
  metered: { rateLimits: { tokensPerMinute: ${tokensPerMinute} } }
  paced: { rateLimits: { requestsPerMinute: ${requestsPerMinute} } }
providers:${provider('flaky', flaky)}${provider('backup', backup)}
`;
}

const chat = (gateway: GatewayProcess, key: string, content: string, requestId?: string) =>
  fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}) },
    body: JSON.stringify({ model: 'm', max_tokens: 64, messages: [{ role: 'user', content }] }),
  });

/** Sends every request at once (built first, then released together) and reads every answer. */
async function barrier(count: number, send: (index: number) => Promise<Response>): Promise<Array<{ status: number; body: { error?: { code?: string; message?: string } } }>> {
  const answers = await Promise.all(Array.from({ length: count }, (_, index) => send(index)));
  return Promise.all(answers.map(async (answer) => ({ status: answer.status, body: (await answer.json()) as { error?: { code?: string; message?: string } } })));
}

describe.skipIf(postgresAvailability().skip || redisAvailability().skip)('three gateway processes on one Postgres and one Redis', () => {
  const postgres = usePostgresServer();
  const redis = useRedisServer();
  const workspace = useProcessWorkspace();

  async function startThree(): Promise<{ gateways: GatewayProcess[]; homes: string[]; env: (home: string) => Record<string, string>; flaky: Simulator; backup: Simulator; database: string; configFile: string }> {
    // The providers run in this process: they outlive the gateways and count what reached them.
    const model = { ttftMs: 150, tokensPerSecond: 0, outputTokens: 64, seed: 5 };
    const flaky = await workspace.simulator({ defaultModel: model });
    const backup = await workspace.simulator({ defaultModel: model });
    const { directory, configFile } = workspace.directory('sovereign-processes-', configYaml(flaky, backup));
    const database = await postgres().createDatabase();
    const homes = [0, 1, 2].map((index) => join(directory, `home-${index}`));
    const env = (home: string) => ({ SOVEREIGN_HOME: home, SOVEREIGN_API_KEY: operatorKey, SOVEREIGN_DATABASE_URL: database, SOVEREIGN_REDIS_URL: redis().url });
    const gateways: GatewayProcess[] = [];
    // One after the other: three at once would migrate together too (safe), but take long on a loaded machine.
    for (const home of homes) gateways.push(await startGatewayProcess(env(home), ['--config', configFile]));
    for (const gateway of gateways) {
      await eventually('redis ready', 30_000, async () => ((await (await fetch(`${gateway.url}/healthz`)).json()) as { components?: { redis?: { status: string } } }).components?.redis?.status === 'ok');
    }
    return { gateways, homes, env, flaky, backup, database, configFile };
  }

  it('never exceed a shared USD budget or token limit, admit exactly a request limit, share an open circuit and a revocation', async () => {
    const { gateways, flaky, backup, database } = await startThree();
    const ledger = async (tenant: string) =>
      (
        await postgres().query(
          `SELECT count(*)::int AS answered, coalesce(sum(cost_nano_usd), 0)::bigint AS cost, coalesce(sum(input_tokens + output_tokens), 0)::bigint AS tokens FROM ledger WHERE tenant = '${tenant}' AND status = 200`,
          database.split('/').at(-1),
        )
      ).rows[0] as { answered: number; cost: string; tokens: string };
    try {
      // A USD budget shared by three processes: 90 requests released at once, 30 per process.
      const spent = await barrier(90, (index) => chat(gateways[index % 3]!, keys.thrifty, `Budget question ${index}`));
      const admitted = spent.filter((answer) => answer.status === 200).length;
      const refused = spent.filter((answer) => answer.status === 429);
      expect(admitted).toBeGreaterThan(0);
      expect(refused.length).toBe(90 - admitted);
      expect(refused.every((answer) => answer.body.error?.code === 'budget_exceeded')).toBe(true);
      await eventually('ledger rows', 30_000, async () => (await ledger('thrifty')).answered === admitted);
      const thrifty = await ledger('thrifty');
      // Each process alone would have admitted a whole budget (three times it together).
      expect(Number(thrifty.cost) / 1e9).toBeLessThanOrEqual(budgetUsd);
      expect(Number(thrifty.cost) / 1e9).toBeGreaterThan(budgetUsd / 2);

      // Tokens per minute shared: every answer uses about what it reserved (64 tokens out of 64).
      const metered = await barrier(90, (index) => chat(gateways[index % 3]!, keys.metered, `Token question ${index}`));
      const meteredAdmitted = metered.filter((answer) => answer.status === 200).length;
      expect(meteredAdmitted).toBeGreaterThan(0);
      expect(metered.filter((answer) => answer.status === 429).every((answer) => /tokens per minute/.test(answer.body.error?.message ?? ''))).toBe(true);
      await eventually('ledger rows', 30_000, async () => (await ledger('metered')).answered === meteredAdmitted);
      expect(Number((await ledger('metered')).tokens)).toBeLessThanOrEqual(tokensPerMinute);

      // Requests per minute shared: exactly the limit out of three times as many (one more per 6 s the burst took).
      const started = Date.now();
      const paced = await barrier(30, (index) => chat(gateways[index % 3]!, keys.paced, `Paced question ${index}`));
      const took = Date.now() - started;
      const pacedAdmitted = paced.filter((answer) => answer.status === 200).length;
      expect(pacedAdmitted).toBeGreaterThanOrEqual(requestsPerMinute);
      expect(pacedAdmitted).toBeLessThanOrEqual(requestsPerMinute + Math.floor(took / (60_000 / requestsPerMinute)));
      expect(paced.filter((answer) => answer.status !== 200).every((answer) => answer.status === 429)).toBe(true);

      // A circuit opened by one process: the cheap provider fails twice on the first; the others stop calling it.
      const flakyBefore = flaky.received.length;
      flaky.injectFault({ kind: 'server-error', times: 2 });
      for (let index = 0; index < 2; index++) {
        const answer = await chat(gateways[0]!, operatorKey, `open the circuit ${index}`);
        expect(answer.status).toBe(200);
        expect(answer.headers.get('x-sovereign-provider')).toBe('backup');
      }
      expect(flaky.received.length).toBe(flakyBefore + 2);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const backupBefore = backup.received.length;
      for (const gateway of gateways.slice(1)) {
        for (let index = 0; index < 3; index++) {
          const answer = await chat(gateway, operatorKey, `after the circuit opened ${index}`);
          expect(answer.status).toBe(200);
          expect(answer.headers.get('x-sovereign-provider')).toBe('backup');
        }
      }
      // The fault is spent: a process that still tried the cheap provider would have been answered by it.
      expect(flaky.received.length).toBe(flakyBefore + 2);
      expect(backup.received.length).toBe(backupBefore + 6);

      // A key revoked on one process is refused by all.
      const created = await fetch(`${gateways[0]!.url}/admin/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${operatorKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'team-a', name: 'app' }),
      });
      const key = (await created.json()) as { id: string; secret: string };
      for (const gateway of gateways) {
        await eventually('new key accepted', 10_000, async () => (await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${key.secret}` } })).status === 200);
      }
      const revoked = await fetch(`${gateways[1]!.url}/admin/keys/${key.id}/revoke`, {
        method: 'POST',
        headers: { authorization: `Bearer ${operatorKey}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(revoked.status).toBe(200);
      const revokedAt = Date.now();
      const refusedAfter: number[] = [];
      for (const gateway of gateways) {
        await eventually('revoked key refused', 10_000, async () => (await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${key.secret}` } })).status === 401);
        refusedAfter.push(Date.now() - revokedAt);
      }
      // Printed, not asserted against a clock (a loaded machine): the issue asks for within a second.
      process.stderr.write(`[gateway-processes] revoked key refused by all three after ${Math.max(...refusedAfter)} ms\n`);
    } finally {
      for (const gateway of gateways) await gateway.stop();
    }
  }, 300_000);

  it('lose no ledger row or audit record when one process is killed with -9 under load, and the shared log verifies', async () => {
    const { gateways, homes, env, database, configFile } = await startThree();
    const completed = new Set<string>();
    let retried = 0;
    const requestIdOf = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
    let alive = [true, true, true];
    // Each client retries on the next process when its connection fails (as a load balancer would).
    const send = async (index: number) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const target = (index + attempt) % 3;
        if (!alive[target]) continue;
        try {
          const response = await chat(gateways[target]!, operatorKey, `request ${index}`, requestIdOf(index));
          const body = (await response.json()) as { object?: string };
          if (response.status === 200 && body.object === 'chat.completion') completed.add(requestIdOf(index));
          return;
        } catch {
          retried++;
        }
      }
    };
    const inFlight: Array<Promise<void>> = [];
    let victim: GatewayProcess | undefined;
    try {
      for (let index = 0; index < 450; index++) {
        inFlight.push(send(index));
        if (index % 30 === 29) await new Promise((resolve) => setTimeout(resolve, 20));
        if (index === 150) await eventually('answers before the kill', 60_000, () => completed.size >= 60);
        // Killed right after a request to it was sent, so at least one is in flight on it (on a fast machine every
        // earlier one may have been answered already).
        if (index >= 150 && victim === undefined && index % 3 === 1) {
          victim = gateways[1]!;
          await victim.kill();
          alive = [true, false, true];
        }
      }
      await Promise.all(inFlight);
      expect(completed.size).toBeGreaterThan(200);
      expect(retried).toBeGreaterThan(0);

      // The killed process's spool (what it committed locally before answering) ships when it starts again.
      gateways[1] = await startGatewayProcess(env(homes[1]!), ['--config', configFile]);
      const rows = async (sql: string) => new Set((await postgres().query(sql, database.split('/').at(-1))).rows.map((row: { request_id: string }) => row.request_id));
      await eventually('every answer in the ledger and the audit log', 60_000, async () => {
        const ledger = await rows('SELECT request_id FROM ledger');
        const audit = await rows('SELECT request_id FROM audit_records');
        return [...completed].every((id) => ledger.has(id) && audit.has(id));
      });
    } finally {
      for (const gateway of gateways) await gateway.stop();
    }
    const verify = await runCli(process.execPath, ['bin/sovereign.js', 'audit', 'verify', ...homes.flatMap((home) => ['--public-key', join(home, 'audit-public-key.json')])], {
      env: { PATH: process.env.PATH ?? '', SOVEREIGN_HOME: homes[0]!, SOVEREIGN_DATABASE_URL: database },
      cwd: process.cwd(),
      timeoutMs: 120_000,
    });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  }, 400_000);
});
