import OpenAI from 'openai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

/** The cheap model: a stub OpenAI-compatible server whose next answer each test scripts. */
interface Scripted {
  content: string | null;
  finish: string;
  toolCalls?: Array<{ name: string; arguments: string }>;
}

describe('the cascade strategy', () => {
  let harness: TestGateway;
  let stub: Server;
  let script: Scripted;
  let cheapCalls = 0;
  const strongPrice = { input: 3, output: 15 };
  const cheapPrice = { input: 0.1, output: 0.4 };
  const strongestPrice = { input: 5, output: 20 };

  beforeAll(async () => {
    stub = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        cheapCalls++;
        const message: Record<string, unknown> = { role: 'assistant', content: script.content };
        if (script.toolCalls) {
          message.tool_calls = script.toolCalls.map((call, index) => ({ id: `call_${index}`, type: 'function', function: call }));
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({
          id: 'chatcmpl-stub', object: 'chat.completion', created: 1, model: 'cheap',
          choices: [{ index: 0, message, finish_reason: script.finish }],
          usage: { prompt_tokens: 40, completion_tokens: 5, total_tokens: 45 },
        }));
      });
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/v1`;
    harness = await startTestGateway({
      providers: [
        {
          id: 'cheap-de', adapter: 'openai-compatible', tier: 'cloud', jurisdiction: 'DE', operator: { name: 'Cheap', country: 'DE' },
          baseUrl: stubUrl, apiKey: 'sk-stub-provider-key',
          models: [{ name: 'm', price: cheapPrice, quality: { overall: 0.5 } }],
        },
        simulatedProvider('strong-fr', 'anthropic', [{ name: 'm', price: strongPrice, quality: { overall: 0.9 } }], {
          jurisdiction: 'FR', operator: { name: 'Strong', country: 'FR' },
        }),
        simulatedProvider('strongest-sg', 'openai-compatible', [{ name: 'm', price: strongestPrice, quality: { overall: 0.99 } }], {
          jurisdiction: 'SG', operator: { name: 'Strongest', country: 'SG' },
        }),
      ],
      config: {
        routing: { defaultStrategy: 'cascade' },
        cascade: { accept: "!response.text.contains('ESCALATE')" },
        policies: [{ name: 'eea-personal-data', when: 'profile.hasPersonalData', require: { jurisdictions: ['EEA'] } }],
      },
    });
  });
  afterAll(async () => {
    await harness.close();
    stub.close();
  });
  beforeEach(() => {
    cheapCalls = 0;
    for (const simulator of harness.gateway.simulators.values()) simulator.reset();
  });

  const client = () => new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
  const strongCalls = () => harness.simulator('strong-fr').received.length + harness.simulator('strongest-sg').received.length;
  const weather = {
    type: 'function' as const,
    function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  };

  it('accepts a good cheap answer without escalating', async () => {
    script = { content: 'Paris.', finish: 'stop' };
    const { data, response } = await client().chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Capital of France?' }] }).withResponse();
    expect(data.choices[0]?.message.content).toBe('Paris.');
    expect(response.headers.get('x-sovereign-cascade')).toBe('accepted');
    expect(cheapCalls).toBe(1);
    expect(strongCalls()).toBe(0);
  });

  const cases: Array<[string, Scripted, Partial<OpenAI.ChatCompletionCreateParamsNonStreaming>]> = [
    ['json', { content: 'not json {', finish: 'stop' }, { response_format: { type: 'json_object' } }],
    [
      'json',
      { content: '{"other": 1}', finish: 'stop' },
      { response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } } },
    ],
    ['tool-calls', { content: null, finish: 'tool_calls', toolCalls: [{ name: 'get_weather', arguments: '{"city": 5}' }] }, { tools: [weather] }],
    ['tool-calls', { content: null, finish: 'tool_calls', toolCalls: [{ name: 'launch_rockets', arguments: '{}' }] }, { tools: [weather] }],
    ['non-empty', { content: '', finish: 'stop' }, {}],
    ['refusal', { content: "I'm sorry, but I can't help with that.", finish: 'stop' }, {}],
    ['length', { content: 'The answer is', finish: 'length' }, {}],
    ['expression', { content: 'please ESCALATE this', finish: 'stop' }, {}],
  ];

  it.each(cases)('escalates when the %s check fails, and accounts both calls', async (check, scripted, extra) => {
    script = scripted;
    const { data, response } = await client()
      .chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Question for the cascade' }], ...extra })
      .withResponse();
    expect(response.headers.get('x-sovereign-cascade')).toBe(`escalated:${check}`);
    expect(response.headers.get('x-sovereign-provider')).toBe('strongest-sg');
    expect(cheapCalls).toBe(1);
    expect(strongCalls()).toBe(1);
    const strongCost = ((data.usage?.prompt_tokens ?? 0) * strongestPrice.input + (data.usage?.completion_tokens ?? 0) * strongestPrice.output) / 1e6;
    const cheapCost = (40 * cheapPrice.input + 5 * cheapPrice.output) / 1e6;
    expect(Number(response.headers.get('x-sovereign-cost-usd'))).toBeCloseTo(strongCost + cheapCost, 9);
  });

  it('escalates only to a compliant provider', async () => {
    script = { content: '', finish: 'stop' };
    const { response } = await client()
      .chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Reply to lena.berg@example.se please' }] })
      .withResponse();
    expect(response.headers.get('x-sovereign-cascade')).toBe('escalated:non-empty');
    expect(response.headers.get('x-sovereign-provider')).toBe('strong-fr');
    expect(harness.simulator('strongest-sg').received).toHaveLength(0);
  });

  it('without personal data escalates to the strongest compliant candidate', async () => {
    script = { content: '', finish: 'stop' };
    const { response } = await client().chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Hello' }] }).withResponse();
    expect(response.headers.get('x-sovereign-provider')).toBe('strongest-sg');
  });

  it('sends escalations through the circuit breakers: a failed escalation counts against its provider, an open circuit is skipped', async () => {
    const health = harness.gateway.services.health;
    const circuit = (id: string) => health.snapshot().find((entry) => entry.providerId === id);
    const stats = (id: string) => harness.gateway.services.sovereignty.stats.snapshot().find((entry) => entry.providerId === id);
    const before = { strongest: stats('strongest-sg'), strong: stats('strong-fr') };
    script = { content: '', finish: 'stop' };
    harness.simulator('strongest-sg').injectFault({ kind: 'server-error', times: 1 });
    const failedOver = await client().chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Hello' }] }).withResponse();
    expect(failedOver.response.headers.get('x-sovereign-provider')).toBe('strong-fr');
    expect(circuit('strongest-sg')?.consecutiveFailures).toBe(1);
    expect(circuit('strongest-sg')?.windowFailures).toBe(1);
    // The live statistics the router reads count the failed escalation, and time the one that answered.
    expect(stats('strongest-sg')?.samples).toBe((before.strongest?.samples ?? 0) + 1);
    expect(stats('strongest-sg')?.errorRate).toBeGreaterThan(before.strongest?.errorRate ?? 0);
    expect(stats('strongest-sg')?.latencySamples).toBe(before.strongest?.latencySamples ?? 0);
    expect(stats('strong-fr')?.latencySamples).toBe((before.strong?.latencySamples ?? 0) + 1);

    // Escalations alone open the strongest provider's circuit (five consecutive failures, the default)...
    harness.simulator('strongest-sg').injectFault({ kind: 'server-error' });
    for (let failures = 2; failures <= 5; failures++) {
      expect(health.state('strongest-sg')).toBe('closed');
      const escalated = await client().chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `Hello ${failures}` }] }).withResponse();
      expect(escalated.response.headers.get('x-sovereign-provider')).toBe('strong-fr');
    }
    expect(health.state('strongest-sg')).toBe('open');
    expect(harness.simulator('strongest-sg').received).toHaveLength(5);
    expect(stats('strongest-sg')?.samples).toBe((before.strongest?.samples ?? 0) + 5);

    // ...and the next escalation skips it and sends nothing there.
    harness.simulator('strongest-sg').reset();
    const skipped = await client().chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Hello again' }] }).withResponse();
    expect(skipped.response.headers.get('x-sovereign-cascade')).toBe('escalated:non-empty');
    expect(skipped.response.headers.get('x-sovereign-provider')).toBe('strong-fr');
    expect(harness.simulator('strongest-sg').received).toHaveLength(0);
    expect(circuit('strong-fr')?.consecutiveFailures).toBe(0);
  });

  it('streams the accepted answer to a streaming client', async () => {
    script = { content: "I'm sorry, but I can't help with that.", finish: 'stop' };
    const stream = client().chat.completions.stream({ model: 'm', messages: [{ role: 'user', content: 'Stream it' }] });
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(completion.choices[0]?.message.content).not.toContain("I'm sorry");
    expect(strongCalls()).toBe(1);
  });
});
