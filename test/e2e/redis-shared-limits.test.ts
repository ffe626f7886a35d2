import { describe, expect, it } from 'vitest';
import { openPostgresTestDatabase } from '../helpers/postgres-database.ts';
import { postgresAvailability, redisAvailability, usePostgresServer, useRedisServer } from '../helpers/real-engines.ts';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

const ask = (gateway: TestGateway, key: string, content: string) =>
  fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'chat', max_tokens: 50, messages: [{ role: 'user', content }] }),
  });

async function within(timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(postgresAvailability().skip || redisAvailability().skip)('rate limits shared by three gateways through Redis', () => {
  const postgres = usePostgresServer();
  const redis = useRedisServer();

  it('admit exactly a tenant limit across instances under a barrier, and fail closed while Redis is away', async () => {
    const database = await openPostgresTestDatabase(postgres(), { migrate: false });
    const providers = [simulatedProvider('cheap', 'openai-compatible', [{ name: 'chat', price: { input: 0.1, output: 0.2 } }])];
    const config = {
      store: { postgres: { url: database.url }, redis: { url: redis().url, limitsOnOutage: 'closed', commandTimeoutMs: 15_000 } },
      tenants: { 'team-a': { rateLimits: { requestsPerMinute: 20 } }, 'team-b': { budgets: { usdPerDay: 100 } } },
    };
    const gateways: TestGateway[] = [];
    for (let index = 0; index < 3; index++) gateways.push(await startTestGateway({ providers, config, logLevel: 'silent' }));
    try {
      for (const gateway of gateways) {
        await within(5_000, async () => ((await (await fetch(`${gateway.url}/healthz`)).json()) as { components?: { redis?: { status: string } } }).components?.redis?.status === 'ok');
      }
      const created = await fetch(`${gateways[0]!.url}/admin/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gateways[0]!.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'team-a', name: 'app' }),
      });
      const secret = ((await created.json()) as { secret: string }).secret;
      const budgeted = (
        (await (
          await fetch(`${gateways[0]!.url}/admin/keys`, {
            method: 'POST',
            headers: { authorization: `Bearer ${gateways[0]!.apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ tenant: 'team-b', name: 'budgeted' }),
          })
        ).json()) as { secret: string }
      ).secret;
      for (const gateway of gateways) {
        await within(2_000, async () => (await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${secret}` } })).status === 200);
      }

      // 60 requests built first, then all released at once, 20 per instance: exactly the limit of 20 is admitted.
      // The limit refills one request per 3 s: a burst that took longer on a loaded machine may admit one more per 3 s.
      const refilled = (started: number) => Math.floor((Date.now() - started) / 3_000);
      const burstStarted = Date.now();
      const answers = await Promise.all(Array.from({ length: 60 }, (_, index) => ask(gateways[index % 3]!, secret, `question ${index}`)));
      const burstRefill = refilled(burstStarted);
      const statuses = answers.map((answer) => answer.status);
      const admitted = statuses.filter((status) => status === 200).length;
      expect(admitted).toBeGreaterThanOrEqual(20);
      expect(admitted).toBeLessThanOrEqual(20 + burstRefill);
      expect(statuses.filter((status) => status === 429)).toHaveLength(60 - admitted);
      const refused = (await answers.find((answer) => answer.status === 429)!.json()) as { error: { message: string } };
      expect(refused.error.message).toMatch(/20 requests/);

      // Redis stops: the limited tenant is refused with a retryable 503 (fail closed), never admitted past the limit;
      // an unlimited key is still served.
      await redis().stop();
      await within(5_000, async () => ((await (await fetch(`${gateways[1]!.url}/healthz`)).json()) as { degraded?: boolean }).degraded === true);
      const during = await ask(gateways[1]!, secret, 'while redis is away');
      expect(during.status).toBe(503);
      expect(during.headers.get('retry-after')).toBe('1');
      expect(((await during.json()) as { error: { code?: string; type?: string } }).error).toMatchObject({ code: 'limits_unavailable' });
      expect((await ask(gateways[2]!, gateways[2]!.apiKey, 'unlimited key while redis is away')).status).toBe(200);
      // A tenant with a budget is refused the same way: its budget cannot be held for every instance.
      const budgetedDuring = await ask(gateways[0]!, budgeted, 'budget while redis is away');
      expect(budgetedDuring.status).toBe(503);
      expect(((await budgetedDuring.json()) as { error: { code?: string } }).error.code).toBe('limits_unavailable');

      // Redis returns (empty): the limit is counted across instances again.
      await redis().start();
      for (const gateway of gateways) {
        await within(10_000, async () => ((await (await fetch(`${gateway.url}/healthz`)).json()) as { degraded?: boolean }).degraded === undefined);
      }
      const afterStarted = Date.now();
      const after = await Promise.all(Array.from({ length: 30 }, (_, index) => ask(gateways[index % 3]!, secret, `after ${index}`)));
      const afterAdmitted = after.filter((answer) => answer.status === 200).length;
      expect(afterAdmitted).toBeGreaterThanOrEqual(20);
      expect(afterAdmitted).toBeLessThanOrEqual(20 + refilled(afterStarted));
      expect((await ask(gateways[1]!, budgeted, 'budget after redis returned')).status).toBe(200);
    } finally {
      if (!redis().running) await redis().start();
      for (const gateway of gateways) await gateway.close();
      await database.close();
    }
  }, 120_000);
});
