import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('the official @anthropic-ai/sdk against the gateway', () => {
  let harness: TestGateway;
  let client: Anthropic;

  beforeAll(async () => {
    harness = await startTestGateway();
    client = new Anthropic({ baseURL: harness.url, apiKey: harness.apiKey, maxRetries: 0 });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    for (const simulator of harness.gateway.simulators.values()) simulator.reset();
  });

  it('creates a message without streaming', async () => {
    const message = await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 256,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    expect(message.type).toBe('message');
    expect(message.role).toBe('assistant');
    expect(message.stop_reason).toBe('end_turn');
    const block = message.content[0];
    expect(block?.type).toBe('text');
    expect(block?.type === 'text' && block.text.length).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    const received = harness.simulator('sim-anthropic').received;
    expect(received).toHaveLength(1);
    expect((received[0]?.body as { system?: unknown }).system).toBeDefined();
  });

  it('streams the full event sequence', async () => {
    const stream = client.messages.stream({
      model: 'claude-haiku-4-5',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Stream please' }],
    });
    const events: string[] = [];
    stream.on('streamEvent', (event) => events.push(event.type));
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('end_turn');
    expect(events[0]).toBe('message_start');
    expect(events).toContain('content_block_start');
    expect(events).toContain('content_block_delta');
    expect(events).toContain('content_block_stop');
    expect(events).toContain('message_delta');
    expect(events.at(-1)).toBe('message_stop');
  });

  it.each([['claude-haiku-4-5'], ['gpt-4o-mini'], ['gemini-2.5-flash'], ['qwen2.5:7b']])(
    'does a tool-use round trip through %s, streaming',
    async (model) => {
      const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
      const first = await client.messages.stream({ model, max_tokens: 256, messages, tools: [weatherTool] }).finalMessage();
      expect(first.stop_reason).toBe('tool_use');
      const toolUse = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
      expect(toolUse?.name).toBe('get_weather');
      expect(toolUse?.input).toHaveProperty('city');
      messages.push(
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse!.id, content: '{"temperature": 18}' }] },
      );
      const second = await client.messages.create({ model, max_tokens: 256, messages, tools: [weatherTool] });
      expect(second.stop_reason).toBe('end_turn');
      expect(second.content[0]?.type).toBe('text');
    },
  );

  it('raises AuthenticationError for a wrong key', async () => {
    const stranger = new Anthropic({ baseURL: harness.url, apiKey: 'sk-ant-wrong', maxRetries: 0 });
    await expect(
      stranger.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it('raises BadRequestError for an invalid request', async () => {
    const error = await client.messages
      .create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  });

  it('raises NotFoundError for an unknown model', async () => {
    const error = await client.messages
      .create({ model: 'no-such-model', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
  });

  it('passes a provider 429 through as RateLimitError with retry-after', async () => {
    harness.simulator('sim-anthropic').injectFault({ kind: 'rate-limit', retryAfterSeconds: 9, times: 1 });
    const error = await client.messages
      .create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect((error as InstanceType<typeof Anthropic.RateLimitError>).headers?.get('retry-after')).toBe('9');
  });

  it('answers an overloaded provider (529) with an overloaded error', async () => {
    harness.simulator('sim-anthropic').injectFault({ kind: 'overloaded', times: 1 });
    const error = await client.messages
      .create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
  });

  it('lists models in the Anthropic shape', async () => {
    const page = await client.models.list();
    expect(page.data.map((model) => model.id)).toContain('claude-haiku-4-5');
    expect(page.data[0]?.type).toBe('model');
  });
});
