import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startGatewayProcess } from '../helpers/gateway-process.ts';
import { useProcessWorkspace } from '../helpers/process-workspace.ts';

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

describe('kill -9 with hundreds of requests in flight', () => {
  const workspace = useProcessWorkspace();
  const apiKey = 'sk-crash-test-key';

  it('keeps a ledger row and an audit record for every answer the client saw complete, and the log verifies', async () => {
    const { home, configFile } = workspace.directory('sovereign-crash-', config);
    const serve = () => startGatewayProcess({ SOVEREIGN_HOME: home, SOVEREIGN_API_KEY: apiKey }, ['--config', configFile]);
    const first = await serve();
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

    const second = await serve();
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
      await second.stop();
    }
    const verify = spawnSync(process.execPath, ['bin/sovereign.js', 'audit', 'verify', '--home', home], { encoding: 'utf8' });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  }, 150_000);
});

describe('kill -9 cannot make a budget or a token rate forget what it admitted', () => {
  const workspace = useProcessWorkspace();
  const apiKey = 'sk-crash-operator-key';
  const thrifty = 'sk-crash-thrifty-tenant-key';
  const metered = 'sk-crash-metered-tenant-key';

  // Every request is the same, so every answer costs the same: its cost times what reached the provider is the spend.
  const request = (key: string) =>
    ({
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', max_tokens: 8, messages: [{ role: 'user', content: 'Count to eight.' }] }),
    }) as const;

  it('lets the restarted gateway admit no more than the budget, counting what was in flight at the crash', async () => {
    // The provider runs in this process, so it outlives the gateway and counts every request that reached it.
    const simulator = await workspace.simulator({ defaultModel: { ttftMs: 120, tokensPerSecond: 0, outputTokens: 8, seed: 3 } });
    const budgetUsd = 6;
    const { home, configFile } = workspace.directory(
      'sovereign-crash-budget-',
      `
audit: { strict: true }
cache: { enabled: false }
keys:
  - { key: ${thrifty}, tenant: thrifty }
  - { key: ${metered}, tenant: metered }
tenants:
  thrifty: { budgets: { usdPerDay: ${budgetUsd} } }
  metered: { rateLimits: { tokensPerMinute: 100 } }
providers:
  - id: sim
    adapter: openai-compatible
    tier: local
    jurisdiction: DE
    operator: { name: Test, country: DE }
    baseUrl: ${simulator.url}/v1
    models: [{ name: m, price: { input: 1000, output: 2000 }, contextWindow: 512 }]
`,
    );
    const serve = () => startGatewayProcess({ SOVEREIGN_HOME: home, SOVEREIGN_API_KEY: apiKey }, ['--config', configFile]);
    const first = await serve();

    // Fill the metered tenant's minute of tokens before the crash.
    let meteredAdmitted = 0;
    for (;;) {
      const response = await fetch(`${first.url}/v1/chat/completions`, request(metered));
      await response.arrayBuffer();
      if (response.status !== 200) break;
      meteredAdmitted++;
    }
    expect(meteredAdmitted).toBeGreaterThan(0);

    // Then spend the thrifty tenant's budget from 40 clients at once, and kill the gateway half way.
    let completed = 0;
    let stop = false;
    const client = async () => {
      while (!stop) {
        try {
          const response = await fetch(`${first.url}/v1/chat/completions`, request(thrifty));
          await response.arrayBuffer();
          if (response.status === 200) completed++;
          else if (response.status === 429) return;
        } catch {
          return;
        }
      }
    };
    const clients = Array.from({ length: 40 }, client);
    const costOf = async () => {
      const ledger = new Database(join(home, 'sovereign.db'), { readonly: true });
      const rows = ledger.prepare("SELECT DISTINCT cost_nano_usd AS cost FROM ledger WHERE tenant = 'thrifty' AND status = 200").all() as Array<{ cost: number }>;
      ledger.close();
      return rows.map((row) => row.cost / 1e9);
    };
    while (completed < 20) await new Promise((resolve) => setTimeout(resolve, 5));
    const [cost] = await costOf();
    const fitsBudget = Math.floor(budgetUsd / cost!);
    while (completed < fitsBudget / 2) await new Promise((resolve) => setTimeout(resolve, 2));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(clients);
    const receivedBeforeCrash = simulator.received.length;

    const second = await serve();
    try {
      // The metered tenant's minute is remembered across the crash.
      const limited = await fetch(`${second.url}/v1/chat/completions`, request(metered));
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(/tokens per minute/);

      // Spend what is left of the budget, again from many clients at once, until every one is refused.
      let refused = 0;
      let admittedAfter = 0;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          for (;;) {
            const response = await fetch(`${second.url}/v1/chat/completions`, request(thrifty));
            const body = (await response.json()) as { error?: { code?: string } };
            if (response.status === 200) admittedAfter++;
            else {
              expect(response.status).toBe(429);
              expect(body.error?.code).toBe('budget_exceeded');
              refused++;
              return;
            }
          }
        }),
      );
      expect(refused).toBe(20);
      expect(admittedAfter).toBeGreaterThan(0);
    } finally {
      await second.stop();
    }
    const costs = await costOf();
    expect(costs, 'every answer costs the same').toEqual([cost]);
    const reachedProvider = simulator.received.filter((received) => received.path.endsWith('/chat/completions')).length - meteredAdmitted - 1;
    expect(receivedBeforeCrash).toBeGreaterThan(completed);
    // What the provider was asked for, at what each answer costs, stays within the budget.
    expect(reachedProvider * cost!).toBeLessThanOrEqual(budgetUsd + 1e-9);
  }, 180_000);
});
