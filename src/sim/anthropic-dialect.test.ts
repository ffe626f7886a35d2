import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './simulator.ts';
import { postJson, readSseEvents } from './test-support.ts';

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather',
  input_schema: { type: 'object' as const, properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['location', 'unit'] },
};

describe('simulator: Anthropic dialect', () => {
  let sim: Simulator;
  let client: Anthropic;

  beforeAll(async () => {
    sim = await startSimulator({ models: [{ name: 'claude-sim', outputTokens: 10 }], apiKey: 'sk-ant-test' });
    client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: sim.url, maxRetries: 0 });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('answers a message through the official SDK with usage in Anthropic fields', async () => {
    const message = await client.messages.create({ model: 'claude-sim', max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello' }] });
    expect(message.type).toBe('message');
    expect(message.role).toBe('assistant');
    expect(message.stop_reason).toBe('end_turn');
    expect(message.content[0]?.type).toBe('text');
    expect(message.usage).toMatchObject({ input_tokens: Math.ceil('Be brief.Hello'.length / 4), output_tokens: 10 });
    expect(sim.received[0]?.headers['anthropic-version']).toBeDefined();
    // @anthropic-ai/sdk 1.x sends the key as a bearer token.
    expect(sim.received[0]?.headers.authorization).toBe('Bearer sk-ant-test');
  });

  it('streams the full event sequence: message_start, content_block_start, ping, deltas, stop, message_delta, message_stop', async () => {
    const response = await postJson(`${sim.url}/v1/messages`, { model: 'claude-sim', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'Stream' }] }, { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' });
    const events = await readSseEvents(response);
    const names = events.map((event) => event.event);
    expect(names).toEqual(['message_start', 'content_block_start', 'ping', ...Array(10).fill('content_block_delta'), 'content_block_stop', 'message_delta', 'message_stop']);
    for (const event of events) expect(JSON.parse(event.data).type).toBe(event.event);
    const delta = JSON.parse(events.at(-2)?.data ?? '{}');
    expect(delta).toMatchObject({ delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 10 } });
  });

  it('streams text that the SDK assembles into the same message as the non-streamed answer', async () => {
    const request = { model: 'claude-sim', max_tokens: 100, messages: [{ role: 'user' as const, content: 'Same text?' }] };
    const streamed = await client.messages.stream(request).finalMessage();
    const whole = await client.messages.create(request);
    expect(streamed.content).toEqual(whole.content);
    expect(streamed.usage.output_tokens).toBe(10);
  });

  it('answers with tool_use, streamed as input_json_delta fragments the SDK parses', async () => {
    const whole = await client.messages.create({ model: 'claude-sim', max_tokens: 100, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Paris?' }] });
    expect(whole.stop_reason).toBe('tool_use');
    const block = whole.content[0];
    if (block?.type !== 'tool_use') throw new Error('expected tool_use');
    expect(block.id).toMatch(/^toolu_/);
    expect(block.input).toEqual({ location: 'Paris', unit: 'celsius' });

    const streamed = await client.messages.stream({ model: 'claude-sim', max_tokens: 100, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Paris?' }] }).finalMessage();
    expect(streamed.content).toEqual(whole.content);
    expect(streamed.stop_reason).toBe('tool_use');
  });

  it('answers with text after a tool_result block', async () => {
    const message = await client.messages.create({
      model: 'claude-sim',
      max_tokens: 100,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { location: 'Paris', unit: 'celsius' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '21 degrees' }] },
      ],
    });
    expect(message.stop_reason).toBe('end_turn');
    expect(message.content[0]?.type).toBe('text');
  });

  it('stops at max_tokens with stop_reason max_tokens', async () => {
    const message = await client.messages.create({ model: 'claude-sim', max_tokens: 3, messages: [{ role: 'user', content: 'Go' }] });
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBe(3);
  });

  it.each([
    ['max_tokens', { model: 'claude-sim', messages: [{ role: 'user', content: 'x' }] }, /max_tokens/],
    ['model', { max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }, /model/],
    ['messages', { model: 'claude-sim', max_tokens: 10 }, /messages/],
  ])('answers 400 invalid_request_error when %s is missing', async (_name, body, message) => {
    const response = await postJson(`${sim.url}/v1/messages`, body, { 'x-api-key': 'sk-ant-test' });
    expect(response.status).toBe(400);
    const error = (await response.json()) as { type: string; error: { type: string; message: string }; request_id: string };
    expect(error.type).toBe('error');
    expect(error.error.type).toBe('invalid_request_error');
    expect(error.error.message).toMatch(message);
    expect(error.request_id).toMatch(/^req_/);
  });

  it('answers 401 authentication_error without the key, through the SDK', async () => {
    const wrong = new Anthropic({ apiKey: 'sk-ant-wrong', baseURL: sim.url, maxRetries: 0 });
    const failure = await wrong.messages.create({ model: 'claude-sim', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((failure as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('lists models in the Anthropic shape when anthropic-version is sent', async () => {
    const page = await client.models.list();
    expect(page.data.map((model) => model.id)).toEqual(['claude-sim']);
    expect(page.data[0]?.type).toBe('model');
  });

  const headers = { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' };
  const betaHeaders = { ...headers, 'anthropic-beta': 'context-management-2025-06-27,interleaved-thinking-2025-05-14' };

  it.each([
    ['a system message inside messages', { messages: [{ role: 'user', content: 'Hi' }, { role: 'system', content: 'Be brief.' }] }, /system messages inside messages need an anthropic-beta header/],
    ['context_management', { context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] } }, /context_management: Extra inputs are not permitted/],
    ['thinking.display', { thinking: { type: 'adaptive', display: 'omitted' } }, /thinking.display: Extra inputs are not permitted/],
  ])('refuses %s without an anthropic-beta header, as Anthropic does, and accepts it with one', async (_name, extra, message) => {
    const body = { model: 'claude-sim', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }], ...extra };
    const refused = await postJson(`${sim.url}/v1/messages`, body, headers);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(message);
    expect((await postJson(`${sim.url}/v1/messages`, body, betaHeaders)).status).toBe(200);
  });

  it('streams thinking first (thinking_delta, then signature_delta) and verifies the signature when the block comes back', async () => {
    const request = { model: 'claude-sim', max_tokens: 100, stream: true, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'Think' }] };
    const events = await readSseEvents(await postJson(`${sim.url}/v1/messages`, request, headers));
    type Event = { type: string; index?: number; delta?: { type: string; thinking?: string; signature?: string }; content_block?: { type: string } };
    const data = events.map((event) => JSON.parse(event.data) as Event);
    expect(data[1]).toMatchObject({ type: 'content_block_start', index: 0, content_block: { type: 'thinking' } });
    const thinking = data.filter((event) => event.delta?.type === 'thinking_delta').map((event) => event.delta?.thinking ?? '').join('');
    const signature = data.find((event) => event.delta?.type === 'signature_delta')?.delta?.signature ?? '';
    expect(thinking).not.toBe('');
    expect(data.find((event) => event.type === 'content_block_start' && event.index === 1)?.content_block?.type).toBe('text');
    const followUp = (block: Record<string, unknown>) => ({
      model: 'claude-sim',
      max_tokens: 100,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'Think' }, { role: 'assistant', content: [block, { type: 'text', text: 'Done.' }] }, { role: 'user', content: 'Again' }],
    });
    expect((await postJson(`${sim.url}/v1/messages`, followUp({ type: 'thinking', thinking, signature }), headers)).status).toBe(200);
    const tampered = await postJson(`${sim.url}/v1/messages`, followUp({ type: 'thinking', thinking: `${thinking}!`, signature }), headers);
    expect(tampered.status).toBe(400);
    expect(((await tampered.json()) as { error: { message: string } }).error.message).toMatch(/messages\.1\.content\.0: Invalid `signature`/);
  });

  it('omits the thinking text but still signs it when display is omitted', async () => {
    const message = await client.messages.create(
      { model: 'claude-sim', max_tokens: 100, thinking: { type: 'adaptive', display: 'omitted' }, messages: [{ role: 'user', content: 'Quiet' }] } as never,
      { headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14' } },
    );
    expect(message.content[0]).toMatchObject({ type: 'thinking', thinking: '' });
    expect((message.content[0] as { signature: string }).signature).toMatch(/^sim_/);
  });
});
