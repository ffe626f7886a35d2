import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

describe('the response cache through the gateway', () => {
  let harness: TestGateway;
  let teamA: string;
  let teamB: string;

  beforeAll(async () => {
    harness = await startTestGateway({
      providers: [
        simulatedProvider('cloud-us', 'openai-compatible', [{ name: 'chat', price: { input: 0.1, output: 0.1 } }], { jurisdiction: 'US' }),
        simulatedProvider('cloud-fr', 'anthropic', [{ name: 'chat', price: { input: 1, output: 1 } }], {
          jurisdiction: 'FR',
          operator: { name: 'FR', country: 'FR' },
        }),
      ],
    });
    const create = async (tenant: string) => {
      const response = await fetch(`${harness.url}/admin/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tenant, name: tenant }),
      });
      return ((await response.json()) as { secret: string }).secret;
    };
    teamA = await create('team-a');
    teamB = await create('team-b');
  });
  afterAll(() => harness.close());

  const ask = (key: string, content: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: key, maxRetries: 0 }).chat.completions
      .create({ model: 'chat', temperature: 0, messages: [{ role: 'user', content }], ...extra } as OpenAI.ChatCompletionCreateParamsNonStreaming, { headers })
      .withResponse();
  const received = () => harness.simulator('cloud-us').received.length + harness.simulator('cloud-fr').received.length;

  it('answers a repeated request from the cache, at no cost', async () => {
    const first = await ask(teamA, 'What is 2+2?');
    expect(first.response.headers.get('x-sovereign-cache')).toBe('miss');
    const before = received();
    const second = await ask(teamA, 'What is 2+2?');
    expect(second.response.headers.get('x-sovereign-cache')).toBe('hit');
    expect(second.data.choices[0]?.message.content).toBe(first.data.choices[0]?.message.content);
    expect(Number(second.response.headers.get('x-sovereign-cost-usd'))).toBe(0);
    expect(received()).toBe(before);
  });

  it('never gives tenant B the answer cached for tenant A', async () => {
    await ask(teamA, 'Tenant question?');
    const other = await ask(teamB, 'Tenant question?');
    expect(other.response.headers.get('x-sovereign-cache')).toBe('miss');
  });

  it('never gives a stricter-residency request an answer produced where it may not go', async () => {
    const wide = await ask(teamA, 'Residency question?');
    expect(wide.response.headers.get('x-sovereign-provider')).toBe('cloud-us');
    const strict = await ask(teamA, 'Residency question?', {}, { 'x-sovereign-residency': 'FR' });
    expect(strict.response.headers.get('x-sovereign-cache')).toBe('miss');
    expect(strict.response.headers.get('x-sovereign-provider')).toBe('cloud-fr');
  });

  it('bypasses sampled requests and honours the opt-out header', async () => {
    const sampled = await ask(teamA, 'Sampled?', { temperature: 0.7 });
    expect(sampled.response.headers.get('x-sovereign-cache')).toBe('bypass');
    await ask(teamA, 'Opt out?');
    const before = received();
    const optOut = await ask(teamA, 'Opt out?', {}, { 'cache-control': 'no-cache' });
    expect(optOut.response.headers.get('x-sovereign-cache')).toBe('bypass');
    expect(received()).toBe(before + 1);
  });

  it('caches a streamed answer and replays it as a stream', async () => {
    const client = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: teamA, maxRetries: 0 });
    const collect = async () => {
      const { data, response } = await client.chat.completions
        .create({ model: 'chat', temperature: 0, stream: true, messages: [{ role: 'user', content: 'Stream me' }] })
        .withResponse();
      let text = '';
      for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
      return { text, cache: response.headers.get('x-sovereign-cache') };
    };
    const first = await collect();
    const second = await collect();
    expect(first.cache).toBe('miss');
    expect(second.cache).toBe('hit');
    expect(second.text).toBe(first.text);
  });
});
