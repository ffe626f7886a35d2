import { describe, expect, it } from 'vitest';
import { newStorageKeyringFile } from '../../src/security/envelope/storage-keyring.ts';
import { openPostgresTestDatabase } from '../helpers/postgres-database.ts';
import { postgresAvailability, redisAvailability, usePostgresServer, useRedisServer } from '../helpers/real-engines.ts';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

const ask = (gateway: TestGateway, key: string, content: string) =>
  fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'chat', temperature: 0, messages: [{ role: 'user', content }] }),
  });

async function within(timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(postgresAvailability().skip || redisAvailability().skip)('gateways sharing Postgres and Redis', () => {
  const postgres = usePostgresServer();
  const redis = useRedisServer();

  it('share the exact cache and open circuits, and keep serving while Redis is down', async () => {
    const database = await openPostgresTestDatabase(postgres(), { migrate: false });
    const providers = [
      simulatedProvider('cheap', 'openai-compatible', [{ name: 'chat', price: { input: 0.1, output: 0.2 } }]),
      simulatedProvider('backup', 'openai-compatible', [{ name: 'chat', price: { input: 1, output: 2 } }]),
    ];
    const config = {
      store: { postgres: { url: database.url }, redis: { url: redis().url } },
      routing: { maxFallbacks: 1, retry: { maxAttemptsPerCandidate: 1 }, circuitBreaker: { consecutiveFailures: 2, coolDownMs: 60_000 } },
    };
    // Cached answers in Redis are sealed: instances sharing them share the storage keyring.
    const env = { SOVEREIGN_STORAGE_KEYS: JSON.stringify(newStorageKeyringFile()) };
    const first = await startTestGateway({ providers, config, env, logLevel: 'silent' });
    const second = await startTestGateway({ providers, config, env, logLevel: 'silent' });
    try {
      await within(5_000, async () => ((await (await fetch(`${second.url}/healthz`)).json()) as { components?: { redis?: { status: string } } }).components?.redis?.status === 'ok');
      const created = await fetch(`${first.url}/admin/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${first.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'team-a', name: 'app' }),
      });
      const secret = ((await created.json()) as { secret: string }).secret;
      await within(1_000, async () => (await fetch(`${second.url}/v1/models`, { headers: { authorization: `Bearer ${secret}` } })).status === 200);

      // What one instance cached, the other answers from the cache without calling a provider.
      const miss = await ask(first, secret, 'What is the capital of France?');
      expect(miss.headers.get('x-sovereign-cache')).toBe('miss');
      const received = second.simulator('cheap').received.length + second.simulator('backup').received.length;
      const hit = await ask(second, secret, 'What is the capital of France?');
      expect(hit.status).toBe(200);
      expect(hit.headers.get('x-sovereign-cache')).toBe('hit');
      type Answer = { choices: Array<{ message: { content: string } }> };
      expect(((await hit.json()) as Answer).choices[0]?.message.content).toBe(((await miss.json()) as Answer).choices[0]?.message.content);
      expect(second.simulator('cheap').received.length + second.simulator('backup').received.length).toBe(received);

      // The cheap provider fails on the first instance: its circuit opens there, and the second stops using it too.
      first.simulator('cheap').injectFault({ kind: 'server-error', times: 10 });
      for (let index = 0; index < 2; index += 1) expect((await ask(first, secret, `fail over ${index}`)).status).toBe(200);
      expect(first.gateway.services.health.routingHealth('cheap')).toBe('open');
      await within(1_000, () => second.gateway.services.health.routingHealth('cheap') === 'open');
      const rerouted = await ask(second, secret, 'fresh question for the second');
      expect(rerouted.headers.get('x-sovereign-provider')).toBe('backup');
      expect(second.simulator('cheap').received.length).toBe(0);

      // Redis stops: the cache misses, requests are still answered, health says what is degraded; then it recovers.
      await redis().stop();
      const during = await ask(second, secret, 'What is the capital of France?');
      expect(during.status).toBe(200);
      expect(during.headers.get('x-sovereign-cache')).not.toBe('hit');
      const degraded = (await (await fetch(`${second.url}/healthz`)).json()) as { degraded?: boolean; components: Record<string, { status: string }> };
      expect(degraded).toMatchObject({ degraded: true, components: { redis: { status: 'degraded' }, postgres: { status: 'ok' } } });
      await redis().start();
      await within(10_000, async () => ((await (await fetch(`${second.url}/healthz`)).json()) as { degraded?: boolean }).degraded === undefined);
      expect((await ask(first, secret, 'after redis returned')).status).toBe(200);
    } finally {
      if (!redis().running) await redis().start();
      await first.close();
      await second.close();
      await database.close();
    }
  }, 90_000);
});
