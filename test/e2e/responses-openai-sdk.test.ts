import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ledgerRows } from '../helpers/ledger-rows.ts';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

const weather = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

describe('the official openai SDK: responses.* against the gateway', () => {
  let harness: TestGateway;
  let client: OpenAI;
  let otherTenant: OpenAI;

  beforeAll(async () => {
    harness = await startTestGateway({ config: { keys: [{ key: 'sk-other-tenant-key-0123456789', tenant: 'team-b' }] } });
    client = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
    otherTenant = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: 'sk-other-tenant-key-0123456789', maxRetries: 0 });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    for (const simulator of harness.gateway.simulators.values()) simulator.reset();
  });

  it('answers a plain request with a completed response, accounted in the ledger', async () => {
    const { data: response, response: http } = await client.responses
      .create({ model: 'claude-haiku-4-5', instructions: 'Answer briefly.', input: 'Say hello', metadata: { run: 'e2e' } })
      .withResponse();
    expect(response.id).toMatch(/^resp_/);
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.output_text.length).toBeGreaterThan(0);
    expect(response.instructions).toBe('Answer briefly.');
    expect(response.metadata).toEqual({ run: 'e2e' });
    expect(response.usage?.output_tokens).toBeGreaterThan(0);
    expect(response.usage?.total_tokens).toBe((response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0));
    // Translated to an Anthropic provider: instructions became its system prompt.
    const [received] = harness.simulator('sim-anthropic').received;
    expect(JSON.stringify(received?.body)).toContain('Answer briefly.');
    const requestId = http.headers.get('x-request-id');
    const row = (await ledgerRows(harness)).find((entry) => entry.request_id === requestId);
    expect(row).toMatchObject({ dialect: 'openai-responses', model: 'claude-haiku-4-5', provider: 'sim-anthropic', outcome: 'ok', status: 200 });
    expect(row?.output_tokens).toBe(response.usage?.output_tokens);
  });

  it('streams the typed event sequence, numbered, ending with the whole response', async () => {
    const stream = await client.responses.create({ model: 'gemini-2.5-flash', input: 'Tell me something', stream: true });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const types = events.map((event) => event.type);
    expect(types.slice(0, 5)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
    ]);
    expect(types.slice(-5)).toEqual([
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const text = events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : [])).join('');
    const completed = events.at(-1);
    expect(completed?.type).toBe('response.completed');
    if (completed?.type !== 'response.completed') return;
    expect(completed.response.output).toEqual([
      { type: 'message', id: expect.stringMatching(/^msg_/), status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [], logprobs: [] }] },
    ]);
    expect(completed.response.usage?.output_tokens).toBeGreaterThan(0);
    // The streamed response was stored as it ended.
    expect((await client.responses.retrieve(completed.response.id)).output).toEqual(completed.response.output);
  });

  it("works with the SDK's stream helper and its final response", async () => {
    const runner = client.responses.stream({ model: 'gpt-4o-mini', input: 'Hello there' });
    let deltas = '';
    runner.on('response.output_text.delta', (event) => {
      deltas += event.delta;
    });
    const final = await runner.finalResponse();
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe(deltas);
  });

  it('calls a tool, takes its output back by previous_response_id, and answers with text', async () => {
    const first = await client.responses.create({ model: 'gpt-4o-mini', input: 'Weather in Paris?', tools: [weather] });
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', status: 'completed' });
    if (call?.type !== 'function_call') return;
    expect(JSON.parse(call.arguments)).toHaveProperty('city');
    const second = await client.responses.create({
      model: 'gpt-4o-mini',
      previous_response_id: first.id,
      tools: [weather],
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temperature":21,"unit":"C"}' }],
    });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.output_text.length).toBeGreaterThan(0);
    const sent = harness.simulator('sim-openai').received[1]?.body as { messages: Array<{ role: string; tool_call_id?: string; tool_calls?: unknown[]; content: unknown }> };
    expect(sent.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    expect(sent.messages[1]?.tool_calls).toHaveLength(1);
    expect(sent.messages[2]).toMatchObject({ tool_call_id: call.call_id, content: '{"temperature":21,"unit":"C"}' });
  });

  it('resolves item references to the items of the tenant\'s stored responses', async () => {
    const first = await client.responses.create({ model: 'gpt-4o-mini', input: 'Weather in Rome?', tools: [weather] });
    const call = first.output[0];
    if (call?.type !== 'function_call') throw new Error('expected a function call');
    const second = await client.responses.create({
      model: 'gpt-4o-mini',
      tools: [weather],
      input: [{ role: 'user', content: 'Weather in Rome?' }, { type: 'item_reference', id: call.id! }, { type: 'function_call_output', call_id: call.call_id, output: 'sunny' }],
    });
    expect(second.status).toBe('completed');
    const sent = harness.simulator('sim-openai').received[1]?.body as { messages: Array<{ role: string }> };
    expect(sent.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    const missing = await otherTenant.responses
      .create({ model: 'gpt-4o-mini', input: [{ type: 'item_reference', id: call.id! }] })
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((missing as InstanceType<typeof OpenAI.NotFoundError>).param).toBe('input[0].id');
  });

  it('streams a tool call as function_call_arguments deltas', async () => {
    const stream = await client.responses.create({ model: 'claude-haiku-4-5', input: 'Weather in Oslo?', tools: [weather], tool_choice: { type: 'function', name: 'get_weather' }, stream: true });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const added = events.find((event) => event.type === 'response.output_item.added');
    expect(added?.type === 'response.output_item.added' && added.item.type).toBe('function_call');
    const argumentsText = events.flatMap((event) => (event.type === 'response.function_call_arguments.delta' ? [event.delta] : [])).join('');
    const done = events.find((event) => event.type === 'response.function_call_arguments.done');
    expect(done?.type === 'response.function_call_arguments.done' && done.arguments).toBe(argumentsText);
    expect(events.at(-1)?.type).toBe('response.completed');
  });

  it('continues a conversation by previous_response_id across providers, instructions not carried over', async () => {
    const first = await client.responses.create({ model: 'claude-haiku-4-5', instructions: 'Speak like a pirate.', input: 'My name is Ada.' });
    const second = await client.responses.create({ model: 'qwen2.5:7b', previous_response_id: first.id, input: 'What is my name?' });
    expect(second.status).toBe('completed');
    const sent = JSON.stringify(harness.simulator('sim-ollama').received[0]?.body);
    expect(sent).toContain('My name is Ada.');
    expect(sent).toContain(first.output_text);
    expect(sent).toContain('What is my name?');
    expect(sent).not.toContain('Speak like a pirate.');
    const items = await client.responses.inputItems.list(second.id, { order: 'asc' });
    expect(items.data).toHaveLength(1);
    expect(items.data[0]).toMatchObject({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is my name?' }] });
  });

  it('retrieves, lists input items, and deletes a stored response; another tenant sees none of it', async () => {
    const created = await client.responses.create({ model: 'gpt-4o-mini', input: [{ role: 'user', content: 'one' }, { role: 'user', content: [{ type: 'input_text', text: 'two' }] }] });
    const retrieved = await client.responses.retrieve(created.id);
    expect(retrieved).toEqual({ ...created, output_text: retrieved.output_text });
    const page = await client.responses.inputItems.list(created.id, { limit: 1 });
    expect(page.data.map((item) => (item.type === 'message' ? item.content : undefined))).toEqual([[{ type: 'input_text', text: 'two' }]]);
    expect(page.has_more).toBe(true);
    await expect(otherTenant.responses.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(otherTenant.responses.delete(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(otherTenant.responses.create({ model: 'gpt-4o-mini', previous_response_id: created.id, input: 'steal it' })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await client.responses.delete(created.id);
    await expect(client.responses.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('keeps nothing with store: false', async () => {
    const created = await client.responses.create({ model: 'gpt-4o-mini', input: 'ephemeral', store: false });
    expect((created as unknown as { store: boolean }).store).toBe(false);
    await expect(client.responses.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const refused = await client.responses.create({ model: 'gpt-4o-mini', input: 'more', previous_response_id: created.id }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.NotFoundError);
    expect((refused as InstanceType<typeof OpenAI.NotFoundError>).param).toBe('previous_response_id');
  });

  it('compacts a conversation into its user messages and a compaction item that later turns read as the summary', async () => {
    const compacted = await client.responses.compact({
      model: 'claude-haiku-4-5',
      input: [
        { role: 'user', content: 'Refactor the parser.' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Done: split into three files.' }] } as never,
        { role: 'user', content: 'Now add tests.' },
      ],
    });
    expect(compacted.object).toBe('response.compaction');
    expect(compacted.output.map((item) => item.type)).toEqual(['message', 'message', 'compaction']);
    const sent = JSON.stringify(harness.simulator('sim-anthropic').received[0]?.body);
    expect(sent).toContain('Summarise this conversation');
    expect(sent).not.toContain('"tools"');
    const next = await client.responses.create({ model: 'gpt-4o-mini', input: [...compacted.output, { role: 'user', content: 'Continue.' }] as never });
    expect(next.status).toBe('completed');
    const continued = harness.simulator('sim-openai').received[0]?.body as { messages: Array<{ role: string; content: unknown }> };
    expect(continued.messages.map((message) => message.role)).toEqual(['user', 'user', 'user', 'user']);
    expect(typeof continued.messages[2]?.content === 'string' && continued.messages[2].content.length).toBeGreaterThan(0);
    await expect(client.responses.create({ model: 'gpt-4o-mini', input: [{ type: 'compaction', encrypted_content: 'gAAAA-not-ours' }] as never })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('counts input tokens, the stored conversation included', async () => {
    const alone = await client.responses.inputTokens.count({ model: 'gpt-4o-mini', input: 'How many tokens is this?' });
    expect(alone.object).toBe('response.input_tokens');
    expect(alone.input_tokens).toBeGreaterThan(5);
    const first = await client.responses.create({ model: 'gpt-4o-mini', input: 'A first turn with a few words in it.' });
    const continued = await client.responses.inputTokens.count({ model: 'gpt-4o-mini', input: 'How many tokens is this?', previous_response_id: first.id });
    expect(continued.input_tokens).toBeGreaterThan(alone.input_tokens + 8);
  });

  it('truncation: auto drops the oldest items of a conversation too long for the model; disabled refuses it', async () => {
    // The test models have the default context window (8192 tokens, about 32 KB of text here): three of these do not fit.
    const long = 'word '.repeat(3_000);
    const input = [
      { role: 'user' as const, content: `first ${long}` },
      { role: 'assistant' as const, content: `second ${long}` },
      { role: 'user' as const, content: `third ${long}` },
      { role: 'user' as const, content: 'the question' },
    ];
    const truncated = await client.responses.create({ model: 'gpt-4o-mini', input, truncation: 'auto', instructions: 'rules' });
    expect(truncated.truncation).toBe('auto');
    const sent = JSON.stringify(harness.simulator('sim-openai').received[0]?.body);
    expect(sent.includes('first word')).toBe(false);
    expect(sent.includes('second word')).toBe(true);
    expect(sent.includes('the question')).toBe(true);
    expect(sent.includes('rules')).toBe(true);
    await expect(client.responses.create({ model: 'gpt-4o-mini', input })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('returns structured output for a JSON schema text format', async () => {
    const response = await client.responses.create({
      model: 'gpt-4o-mini',
      input: 'A city and its population',
      text: { format: { type: 'json_schema', name: 'city', strict: true, schema: { type: 'object', properties: { name: { type: 'string' }, population: { type: 'integer' } }, required: ['name', 'population'], additionalProperties: false } } },
    });
    const value = JSON.parse(response.output_text) as { name: unknown; population: unknown };
    expect(typeof value.name).toBe('string');
    expect(Number.isInteger(value.population)).toBe(true);
    const sent = harness.simulator('sim-openai').received[0]?.body as { response_format?: { type: string } };
    expect(sent.response_format?.type).toBe('json_schema');
  });

  it('reports a cut answer as incomplete with max_output_tokens', async () => {
    const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'Write at length', max_output_tokens: 3 });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.max_output_tokens).toBe(3);
  });

  it('refuses bad input with OpenAI errors naming the parameter', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ model: 'gpt-4o-mini', input: [{ type: 'function_call', name: 'get_weather', arguments: '{}' }] }, 'input[0].call_id'],
      [{ model: 'gpt-4o-mini', input: [{ type: 'web_search_call', id: 'ws_1' }] }, 'input[0].type'],
      [{ model: 'gpt-4o-mini', input: 'x', background: true }, 'background'],
      [{ model: 'gpt-4o-mini', input: 'x', tools: [weather], tool_choice: { type: 'function', name: 'nope' } }, 'tool_choice.name'],
      [{ model: 'gpt-4o-mini', input: 'x', max_output_tokens: 0 }, 'max_output_tokens'],
      [{ model: 'gpt-4o-mini' }, 'input'],
      // A function (custom, namespace) tool without a name is refused, never taken for a hosted tool and left out.
      [{ model: 'gpt-4o-mini', input: 'x', tools: [{ type: 'function' }] }, 'tools[0].name'],
      [{ model: 'gpt-4o-mini', input: 'x', tools: [{ type: 'web_search' }, { type: 'custom', name: '' }] }, 'tools[1].name'],
      [{ model: 'gpt-4o-mini', input: 'x', tools: [{ type: 'namespace', name: 'ns', tools: [{ type: 'function' }] }] }, 'tools[0].tools[0].name'],
    ];
    for (const [body, param] of cases) {
      const error = await client.responses.create(body as never).catch((thrown: unknown) => thrown);
      expect(error, JSON.stringify(body)).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(param);
    }
    await expect(client.responses.create({ model: 'no-such-model', input: 'x' })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    for (const simulator of harness.gateway.simulators.values()) expect(simulator.received).toHaveLength(0);
  });

  it('ends a stream cut after its first content with error and response.failed, never a clean end, and stores nothing', async () => {
    harness.simulator('sim-openai').injectFault({ kind: 'stream-cut', afterChunks: 3 });
    try {
      const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'A long answer', stream: true });
      const events: ResponseStreamEvent[] = [];
      for await (const event of stream) events.push(event);
      const types = events.map((event) => event.type);
      expect(types).toContain('response.output_text.delta');
      expect(types.slice(-2)).toEqual(['error', 'response.failed']);
      expect(types).not.toContain('response.completed');
      const failed = events.at(-1);
      if (failed?.type !== 'response.failed') throw new Error('no response.failed');
      expect(failed.response.status).toBe('failed');
      expect(failed.response.error?.code).toBe('stream_truncated');
      expect(failed.response.output[0]).toMatchObject({ type: 'message', status: 'incomplete' });
      await expect(client.responses.retrieve(failed.response.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    } finally {
      harness.simulator('sim-openai').clearFaults();
    }
  });

  it('leaves out hosted tools a translated provider cannot run, and says so', async () => {
    const { data, response } = await client.responses
      .create({ model: 'gpt-4o-mini', input: 'Search the web', tools: [{ type: 'web_search' }, weather], tool_choice: 'none' })
      .withResponse();
    expect(response.headers.get('x-sovereign-omitted-tools')).toBe('web_search');
    expect(data.tools).toEqual([{ type: 'web_search' }, weather]);
    const sent = harness.simulator('sim-openai').received[0]?.body as { tools: Array<{ function: { name: string } }> };
    expect(sent.tools.map((tool) => tool.function.name)).toEqual(['get_weather']);
  });
});
