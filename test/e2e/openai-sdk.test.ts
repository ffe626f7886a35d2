import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('the official openai SDK against the gateway', () => {
  let harness: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    harness = await startTestGateway();
    client = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    for (const simulator of harness.gateway.simulators.values()) simulator.reset();
  });

  it('completes a chat without streaming', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.role).toBe('assistant');
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    const received = harness.simulator('sim-openai').received;
    expect(received).toHaveLength(1);
    expect(received[0]?.model).toBe('gpt-4o-mini');
  });

  it('returns the decision and provider headers', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(response.headers.get('x-sovereign-decision')).toMatch(/^dec_/);
    expect(response.headers.get('x-sovereign-provider')).toBeTruthy();
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('streams, with a usage chunk when asked', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Stream please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish ??= chunk.choices[0]?.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('streams without a usage chunk when not asked, yet accounts the answer with the usage the provider reported', async () => {
    const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Count the usage of this stream' }], stream: true as const };
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    const from = Date.now();
    for await (const chunk of await client.chat.completions.create(request)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    // The gateway asked the provider for usage (relaying its bytes) and removed what that added: the usage chunk and
    // the `usage: null` member of every other chunk.
    expect(chunks.every((chunk) => chunk.choices.length === 1 && !('usage' in chunk))).toBe(true);
    const sent = harness.simulator('sim-openai').received.at(-1)?.body as { stream_options?: { include_usage?: boolean } };
    expect(sent.stream_options?.include_usage).toBe(true);
    const [accounted] = await harness.gateway.services.ledger.usage({ model: 'gpt-4o-mini', from, groupBy: [] });

    // The same prompt again, asking for usage: the simulator answers deterministically, so its usage is the one accounted above.
    let reported: OpenAI.CompletionUsage | undefined;
    for await (const chunk of await client.chat.completions.create({ ...request, stream_options: { include_usage: true } })) {
      if (chunk.usage) reported = chunk.usage;
    }
    expect(reported?.completion_tokens).toBeGreaterThan(0);
    expect(accounted).toMatchObject({ requests: 1, inputTokens: reported?.prompt_tokens, outputTokens: reported?.completion_tokens });
  });

  it.each([['gpt-4o-mini'], ['claude-haiku-4-5'], ['gemini-2.5-flash'], ['qwen2.5:7b']])(
    'does a tool-call round trip through %s, streaming',
    async (model) => {
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
      const stream = client.chat.completions.stream({ model, messages, tools: [weatherTool] });
      const first = await stream.finalChatCompletion();
      const call = first.choices[0]?.message.tool_calls?.[0];
      expect(first.choices[0]?.finish_reason).toBe('tool_calls');
      expect(call?.type).toBe('function');
      if (call?.type !== 'function') throw new Error('expected a function call');
      expect(call.function.name).toBe('get_weather');
      expect(JSON.parse(call.function.arguments)).toHaveProperty('city');
      messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: '{"temperature": 18}' });
      const second = await client.chat.completions.create({ model, messages, tools: [weatherTool] });
      expect(second.choices[0]?.finish_reason).toBe('stop');
      expect(second.choices[0]?.message.content?.length).toBeGreaterThan(0);
    },
  );

  it('raises AuthenticationError for a wrong key', async () => {
    const stranger = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: 'sk-wrong', maxRetries: 0 });
    await expect(stranger.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
  });

  it('raises BadRequestError for an invalid request', async () => {
    const error = await client.chat.completions
      .create({ model: 'auto', messages: [] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).status).toBe(400);
  });

  it('raises NotFoundError for an unknown model, without repeating the name (it may be anything a client typed)', async () => {
    const error = await client.chat.completions
      .create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(String((error as Error).message)).toContain('does not exist');
    expect(String((error as Error).message)).not.toContain('no-such-model');
  });

  it('passes a provider 429 through as RateLimitError with retry-after', async () => {
    harness.simulator('sim-openai').injectFault({ kind: 'rate-limit', retryAfterSeconds: 7, times: 1 });
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('7');
  });

  it('lists models, including auto', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toEqual(expect.arrayContaining(['auto', 'gpt-4o-mini', 'claude-haiku-4-5', 'gemini-2.5-flash', 'qwen2.5:7b']));
  });
});

describe('embeddings through the openai SDK', () => {
  let harness: TestGateway;
  beforeAll(async () => {
    harness = await startTestGateway();
  });
  afterAll(() => harness.close());

  it('embeds a batch of inputs', async () => {
    const client = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['one', 'two'] });
    expect(result.data).toHaveLength(2);
    expect(result.data[1]?.index).toBe(1);
    expect(result.data[0]?.embedding.length).toBeGreaterThan(0);
    expect(harness.simulator('sim-openai').received.at(-1)?.path).toContain('/embeddings');
    // The SDK asks for base64 by default and decodes it: the vectors must be the provider's, exactly.
    const direct = new OpenAI({ baseURL: `${harness.simulator('sim-openai').url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const expected = await direct.embeddings.create({ model: 'text-embedding-3-small', input: ['one', 'two'], encoding_format: 'float' });
    expect(result.data.map((item) => item.embedding)).toEqual(expected.data.map((item) => item.embedding));
    const asFloats = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['one', 'two'], encoding_format: 'float' });
    expect(asFloats.data.map((item) => item.embedding)).toEqual(expected.data.map((item) => item.embedding));
  });
});
