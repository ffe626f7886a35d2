import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysCommand, type CommandIo } from '../../src/cli/keys-command.ts';
import { sealedCacheValuePrefix } from '../../src/cache/sealed-cache-entry.ts';
import { envelopeKeyId } from '../../src/security/envelope/envelope.ts';
import { splitRedisCacheValue } from '../../src/store/redis/redis-cache-store.ts';
import { createRedisClient, type RedisClient } from '../../src/store/redis/redis-client.ts';
import { redisAvailability, useRedisServer } from '../helpers/real-engines.ts';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

const question = 'Summarise the discharge note of patient Jane Roe, MRN 448812.';

async function keys(home: string, env: Record<string, string | undefined>, ...argv: string[]) {
  const captured = { stdout: '', stderr: '' };
  const io: CommandIo = { out: (text) => void (captured.stdout += text), err: (text) => void (captured.stderr += text), env };
  const code = await keysCommand([...argv, '--home', home], io);
  return { code, ...captured };
}

describe.skipIf(redisAvailability().skip)('cached answers sealed in Redis, end to end', () => {
  const redis = useRedisServer();
  let harness: TestGateway;
  let client: RedisClient;
  let openai: OpenAI;
  const ask = async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'gpt-4o-mini', temperature: 0, messages: [{ role: 'user', content: question }] }).withResponse();
    return { answer: data.choices[0]!.message.content!, cache: response.headers.get('x-sovereign-cache') };
  };
  const cacheEntries = async () => {
    const names = await client.commands.keys('sovereign:cache:*');
    return Promise.all(names.map(async (name) => ({ name, value: (await client.commands.get(name))! })));
  };

  beforeAll(async () => {
    harness = await startTestGateway({ env: { SOVEREIGN_REDIS_URL: redis().url } });
    openai = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
    client = createRedisClient(redis().url);
    const deadline = Date.now() + 10_000;
    while (!client.ready && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  });
  afterAll(async () => {
    await client?.close();
    await harness?.close();
  });

  it('keeps neither the prompt nor the answer in clear in Redis, and still answers from the cache', async () => {
    const first = await ask();
    expect(first.cache).toBe('miss');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await ask();
    expect(second).toEqual({ answer: first.answer, cache: 'hit' });
    const entries = await cacheEntries();
    expect(entries).toHaveLength(1);
    const dump = JSON.stringify(entries);
    expect(dump).not.toContain('448812');
    expect(dump).not.toContain(first.answer.slice(0, 24));
    expect(splitRedisCacheValue(entries[0]!.value)!.value.startsWith(sealedCacheValuePrefix)).toBe(true);
  });

  it('serves an altered entry as a miss (logged, counted), then keeps the fresh answer', async () => {
    const [entry] = await cacheEntries();
    const { expiresAt, value } = splitRedisCacheValue(entry!.value)!;
    const envelope = Buffer.from(value.slice(sealedCacheValuePrefix.length), 'base64');
    envelope[envelope.length - 20]! ^= 0x01;
    await client.commands.set(entry!.name, `${expiresAt}\n${sealedCacheValuePrefix}${envelope.toString('base64')}`, 'PX', 600_000);
    const altered = await ask();
    expect(altered.cache).toBe('miss');
    expect(harness.logs.join('')).toMatch(/"reason":"altered".*cached answer refused \(served as a miss\)/);
    const metrics = await (await fetch(`${harness.url}/metrics`, { headers: { authorization: `Bearer ${harness.apiKey}` } })).text();
    expect(metrics).toMatch(/sovereign_cache_entries_refused_total\{reason="altered"\} 1/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await ask()).cache).toBe('hit');
  });

  it('`sovereign keys rotate-storage` re-wraps the cached answers too, with counts per store; the gateway still serves them', async () => {
    const [before] = await cacheEntries();
    const rotated = await keys(harness.home, { SOVEREIGN_REDIS_URL: redis().url }, 'rotate-storage', '--json');
    expect(rotated.stderr).toMatch(/cached answers: 1 read, 1 re-wrapped/);
    expect(rotated.code).toBe(0);
    const report = JSON.parse(rotated.stdout) as { keyId: string; stores: Array<{ store: string; location: string; report: { rows: number; rewrapped: number } }> };
    expect(report.stores.map((store) => [store.store, store.report.rows, store.report.rewrapped])).toEqual([
      ['stored responses', 0, 0],
      ['cached answers', 1, 1],
    ]);
    expect(report.stores[1]!.location).toMatch(/^Redis redis:\/\/127\.0\.0\.1:\d+/);
    const [after] = await cacheEntries();
    const envelopeOf = (stored: string) => Buffer.from(splitRedisCacheValue(stored)!.value.slice(sealedCacheValuePrefix.length), 'base64');
    expect(envelopeKeyId(envelopeOf(after!.value))).toBe(report.keyId);
    expect(envelopeKeyId(envelopeOf(before!.value))).not.toBe(report.keyId);
    const file = JSON.parse(readFileSync(join(harness.home, 'storage-keys.json'), 'utf8')) as { current: string };
    expect(file.current).toBe(report.keyId);
    // The running gateway meets the new key, reloads its keyring, and answers from the cache.
    expect((await ask()).cache).toBe('hit');

    const text = await keys(harness.home, { SOVEREIGN_REDIS_URL: redis().url }, 'rotate-storage');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/cached answers \(Redis redis:\/\/127\.0\.0\.1:\d+\): 1 read, 1 re-wrapped, 0 already under it/);
    const unreachable = await keys(harness.home, { SOVEREIGN_REDIS_URL: 'redis://:hunter2@127.0.0.1:1' }, 'rotate-storage');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toMatch(/cached answers \(Redis redis:\/\/:\*\*\*@127\.0\.0\.1:1\): not re-wrapped: /);
    expect(unreachable.stdout + unreachable.stderr).not.toContain('hunter2');
  });
});
