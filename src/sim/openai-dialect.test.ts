import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './simulator.ts';
import { postJson, readSseEvents } from './test-support.ts';

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather',
    parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 }, verbose: { type: 'boolean' } }, required: ['city', 'days'] },
  },
};

describe('simulator: OpenAI dialect', () => {
  let sim: Simulator;
  let client: OpenAI;

  beforeAll(async () => {
    sim = await startSimulator({ models: [{ name: 'gpt-sim', outputTokens: 12, embeddingDimensions: 8 }], apiKey: 'sk-test-key' });
    client = new OpenAI({ apiKey: 'sk-test-key', baseURL: `${sim.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('answers a chat completion through the official SDK with usage in OpenAI fields', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-sim', messages: [{ role: 'user', content: 'Hello there, simulator' }] });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-sim');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    const text = completion.choices[0]?.message.content ?? '';
    expect(text.split(' ')).toHaveLength(12);
    expect(completion.usage).toMatchObject({ prompt_tokens: Math.ceil('Hello there, simulator'.length / 4), completion_tokens: 12, total_tokens: 6 + 12 });
  });

  it('streams one chunk per word, a finish chunk, the usage chunk when asked and [DONE]', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-sim', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Stream please' }] });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const contents = chunks.map((chunk) => chunk.choices[0]?.delta.content).filter((content) => content);
    expect(contents).toHaveLength(12);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage).toMatchObject({ completion_tokens: 12 });
    // The same request without streaming gives the same text.
    const whole = await client.chat.completions.create({ model: 'gpt-sim', messages: [{ role: 'user', content: 'Stream please' }] });
    expect(contents.join('')).toBe(whole.choices[0]?.message.content);
  });

  it('sends no usage chunk unless include_usage is set, and ends with [DONE]', async () => {
    const response = await postJson(`${sim.url}/v1/chat/completions`, { model: 'gpt-sim', stream: true, messages: [{ role: 'user', content: 'x' }] }, { authorization: 'Bearer sk-test-key' });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readSseEvents(response);
    expect(events.at(-1)?.data).toBe('[DONE]');
    const parsed = events.slice(0, -1).map((event) => JSON.parse(event.data));
    expect(parsed.every((chunk) => !('usage' in chunk))).toBe(true);
  });

  it('answers with a tool call whose arguments follow the schema, then with text after the tool result', async () => {
    const first = await client.chat.completions.create({ model: 'gpt-sim', tools: [weatherTool], messages: [{ role: 'user', content: 'Weather?' }] });
    const choice = first.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    const call = choice?.message.tool_calls?.[0];
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.id).toMatch(/^call_/);
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris', days: 3 });

    const second = await client.chat.completions.create({
      model: 'gpt-sim',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: '{"temperature": 21}' },
      ],
    });
    expect(second.choices[0]?.finish_reason).toBe('stop');
    expect(second.choices[0]?.message.content).toMatch(/\w/);
  });

  it('streams a tool call as an id/name delta then argument fragments', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-sim',
      stream: true,
      tools: [weatherTool, { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] } } }],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      messages: [{ role: 'user', content: 'Find it' }],
    });
    let name = '';
    let id = '';
    let args = '';
    let fragments = 0;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.tool_calls?.[0];
      if (delta?.id) id = delta.id;
      if (delta?.function?.name) name += delta.function.name;
      if (delta?.function?.arguments) {
        args += delta.function.arguments;
        fragments++;
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(name).toBe('lookup');
    expect(id).toMatch(/^call_/);
    expect(fragments).toBeGreaterThan(1);
    expect(JSON.parse(args)).toEqual({ query: 'weather in Paris' });
    expect(finish).toBe('tool_calls');
  });

  it('does not call a tool when tool_choice is none', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-sim', tools: [weatherTool], tool_choice: 'none', messages: [{ role: 'user', content: 'Weather?' }] });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  it('caps the answer at max_completion_tokens with finish_reason length', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-sim', max_completion_tokens: 5, messages: [{ role: 'user', content: 'Long answer' }] });
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBe(5);
    expect(completion.choices[0]?.message.content?.split(' ')).toHaveLength(5);
  });

  it('answers a small JSON object in JSON mode, and follows a json_schema', async () => {
    const jsonObject = await client.chat.completions.create({ model: 'gpt-sim', response_format: { type: 'json_object' }, messages: [{ role: 'user', content: 'JSON please' }] });
    expect(JSON.parse(jsonObject.choices[0]?.message.content ?? '')).toMatchObject({ answer: expect.any(String) });
    const schema = { type: 'object', properties: { title: { type: 'string' }, score: { type: 'number', maximum: 10 }, tags: { type: 'array', items: { type: 'string' } } }, required: ['title'] };
    const structured = await client.chat.completions.create({
      model: 'gpt-sim',
      response_format: { type: 'json_schema', json_schema: { name: 'result', schema } },
      messages: [{ role: 'user', content: 'Structured please' }],
    });
    expect(JSON.parse(structured.choices[0]?.message.content ?? '')).toEqual({ title: 'example', score: 10, tags: ['example'] });
  });

  it('answers embeddings in base64 (the SDK default) and as floats, deterministically', async () => {
    const viaSdk = await client.embeddings.create({ model: 'gpt-sim', input: ['alpha', 'beta'] });
    expect(viaSdk.data).toHaveLength(2);
    expect(viaSdk.data[0]?.embedding).toHaveLength(8);
    expect(sim.received.at(-1)?.body).toMatchObject({ encoding_format: 'base64' });
    const floats = await client.embeddings.create({ model: 'gpt-sim', input: 'alpha', encoding_format: 'float', dimensions: 8 });
    expect(floats.data[0]?.embedding).toEqual(viaSdk.data[0]?.embedding);
    const norm = Math.hypot(...(floats.data[0]?.embedding ?? []));
    expect(norm).toBeCloseTo(1, 5);
    expect(floats.usage.prompt_tokens).toBe(2);
  });

  it('lists the configured models', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toEqual(['gpt-sim']);
  });

  it.each([
    ['no model', { messages: [{ role: 'user', content: 'x' }] }, /model/],
    ['no messages', { model: 'gpt-sim' }, /messages/],
    ['empty messages', { model: 'gpt-sim', messages: [] }, /messages/],
  ])('answers 400 in the OpenAI error shape for %s', async (_name, body, message) => {
    const response = await postJson(`${sim.url}/v1/chat/completions`, body, { authorization: 'Bearer sk-test-key' });
    expect(response.status).toBe(400);
    const error = (await response.json()) as { error: { message: string; type: string; param: unknown; code: unknown } };
    expect(error.error.type).toBe('invalid_request_error');
    expect(error.error.message).toMatch(message);
    expect(error.error).toHaveProperty('param');
    expect(error.error).toHaveProperty('code');
  });

  it('answers 401 with invalid_api_key for a wrong key, through the SDK', async () => {
    const wrong = new OpenAI({ apiKey: 'sk-wrong', baseURL: `${sim.url}/v1`, maxRetries: 0 });
    const failure = await wrong.chat.completions.create({ model: 'gpt-sim', messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((failure as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');
    expect(JSON.stringify((failure as Error).message)).not.toContain('sk-wrong');
  });
});
