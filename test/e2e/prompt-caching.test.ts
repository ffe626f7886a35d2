import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

const longPolicy = Array.from({ length: 400 }, (_, index) => `Rule ${index}: agents must verify the booking reference before any change.`).join('\n');

describe('provider prompt caching and compression through the gateway', () => {
  let harness: TestGateway;
  beforeAll(async () => {
    harness = await startTestGateway({
      providers: [
        simulatedProvider('anthropic', 'anthropic', [{ name: 'claude-sonnet-4-5', price: { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 } }]),
        simulatedProvider('openai', 'openai-compatible', [{ name: 'gpt-4o', price: { input: 2.5, cachedInput: 1.25, output: 10 } }]),
      ],
    });
  });
  afterAll(() => harness.close());

  it('places Anthropic breakpoints automatically: the second turn reads the prefix from the cache at the cached price', async () => {
    const client = new Anthropic({ baseURL: harness.url, apiKey: harness.apiKey, maxRetries: 0 });
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Change my flight to Friday.' }];
    const first = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, system: longPolicy, messages }).withResponse();
    expect(first.data.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    const sent = harness.simulator('anthropic').received[0]!.body as { system: Array<{ cache_control?: unknown }> };
    expect(sent.system.at(-1)?.cache_control).toEqual({ type: 'ephemeral' });
    messages.push({ role: 'assistant', content: first.data.content }, { role: 'user', content: 'And a window seat.' });
    const second = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, system: longPolicy, messages }).withResponse();
    const usage = second.data.usage;
    expect(usage.cache_read_input_tokens).toBeGreaterThan(1024);
    const expected =
      (usage.input_tokens * 3 + (usage.cache_read_input_tokens ?? 0) * 0.3 + (usage.cache_creation_input_tokens ?? 0) * 3.75 + usage.output_tokens * 15) / 1e6;
    expect(Number(second.response.headers.get('x-sovereign-cost-usd'))).toBeCloseTo(expected, 8);
  });

  it('minifies JSON tool results before they leave (lossless)', async () => {
    const client = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
    const pretty = JSON.stringify({ reservation: 'ABC123', flights: [{ from: 'SFO', to: 'JFK', price: 1.0 }] }, null, 4);
    await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'Check my booking' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_reservation', arguments: '{ "id": "ABC123" }' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: pretty },
      ],
      tools: [{ type: 'function', function: { name: 'get_reservation', parameters: { type: 'object', properties: { id: { type: 'string' } } } } }],
    });
    const body = harness.simulator('openai').received.at(-1)!.body as { messages: Array<{ role: string; content: unknown }> };
    const tool = body.messages.find((message) => message.role === 'tool');
    expect(tool?.content).toBe(JSON.stringify(JSON.parse(pretty)));
  });
});
