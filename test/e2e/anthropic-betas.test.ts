import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

const betas = 'context-management-2025-06-27,interleaved-thinking-2025-05-14,per-turn-control-2026-07-01';

/** What Claude Code sends: beta-only fields, and a system message after the first turn. */
function betaRequest(model: string, extra: Record<string, unknown> = {}) {
  return {
    model,
    max_tokens: 256,
    thinking: { type: 'adaptive', display: 'omitted' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    messages: [
      { role: 'user', content: 'Hello' },
      { role: 'system', content: [{ type: 'text', text: 'Answer briefly.' }] },
    ],
    ...extra,
  };
}

async function post(harness: TestGateway, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${harness.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': harness.apiKey, 'anthropic-version': '2023-06-01', ...headers },
    body: JSON.stringify(body),
  });
}

describe('Anthropic betas through the gateway', () => {
  let harness: TestGateway;
  let client: Anthropic;

  beforeAll(async () => {
    harness = await startTestGateway({
      providers: [simulatedProvider('sim-anthropic', 'anthropic', ['claude-haiku-5-5']), simulatedProvider('sim-openai', 'openai-compatible', ['gpt-6-luna'])],
    });
    client = new Anthropic({ baseURL: harness.url, apiKey: harness.apiKey, maxRetries: 0 });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    for (const simulator of harness.gateway.simulators.values()) simulator.reset();
  });

  // Relayed as bytes when nothing changed; rebuilt from the canonical form when a stage changed the request (here the
  // lossless compression minifies a JSON tool result), and the betas must survive both.
  const paths = {
    relayed: [],
    rebuilt: [
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'lookup', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '{ "found": true }' }, { type: 'text', text: 'Go on.' }] },
    ],
  };

  // Forwarded unchanged, so never a place for data the policies did not see (adversarial review of issue 10).
  it.each([
    ['anthropic-beta', 'anna.schmidt@example.de'],
    ['anthropic-beta', 'prompt-caching-2024-07-31,sk-proj-zq3dt8vlmw2xy7nb4kr9pq1sh6jf0ae5cu3io8gv2bn7mk4lj9hg'],
    ['anthropic-beta', 'SECRET//NOFORN Operation NIGHTJAR'],
    ['anthropic-version', '2023-06-01 anna.schmidt@example.de'],
  ])('refuses a %s header that is not of its form or carries data, naming it and sending nothing', async (name, value) => {
    const response = await post(harness, { model: 'claude-haiku-5-5', max_tokens: 16, messages: [{ role: 'user', content: 'Hello' }] }, { [name]: value });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain(name);
    expect(body.error.message).not.toContain('example.de');
    expect(body.error.message).not.toContain('NIGHTJAR');
    expect(harness.simulator('sim-anthropic').received).toHaveLength(0);
  });

  it('accepts the anthropic-beta forms real clients send: empty (the SDK with betas: []), a trailing comma, upper case', async () => {
    for (const value of ['', 'prompt-caching-2024-07-31,', 'Claude-Code-20250219, interleaved-thinking-2025-05-14']) {
      const response = await post(harness, { model: 'claude-haiku-5-5', max_tokens: 16, messages: [{ role: 'user', content: 'Hello' }] }, { 'anthropic-beta': value });
      expect(response.status, `${JSON.stringify(value)}: ${await response.clone().text()}`).toBe(200);
    }
  });

  it.each(Object.entries(paths))('forwards anthropic-beta and anthropic-version unchanged to an Anthropic provider (%s)', async (path, more) => {
    const request = betaRequest('claude-haiku-5-5');
    request.messages.push(...(more as typeof request.messages));
    const response = await post(harness, request, { 'anthropic-beta': betas, 'anthropic-version': '2023-06-01' });
    expect(response.status, await response.clone().text()).toBe(200);
    const received = harness.simulator('sim-anthropic').received.at(-1)!;
    expect(received.headers['anthropic-beta']).toBe(betas);
    expect(received.headers['anthropic-version']).toBe('2023-06-01');
    const body = received.body as Record<string, unknown> & { messages: Array<{ role: string }> };
    expect(body.context_management).toEqual(request.context_management);
    expect(body.thinking).toEqual(request.thinking);
    // The system message stays where the client put it (the provider accepts it with the beta header).
    expect(body.messages[1]?.role).toBe('system');
    // The rebuilt request really was rebuilt: its tool result arrives minified.
    if (path === 'rebuilt') expect(JSON.stringify(body)).toContain('{\\"found\\":true}');
    const message = (await response.json()) as { content: Array<{ type: string; signature?: string }> };
    expect(message.content[0]).toMatchObject({ type: 'thinking' });
  });

  it('never sends beta fields to a provider of another dialect: they are translated away', async () => {
    const response = await post(harness, betaRequest('gpt-6-luna'), { 'anthropic-beta': betas });
    expect(response.status, await response.clone().text()).toBe(200);
    const received = harness.simulator('sim-openai').received.at(-1)!;
    const body = JSON.stringify(received.body);
    for (const field of ['context_management', 'thinking', 'display', 'clear_thinking']) expect(body).not.toContain(field);
    expect(received.headers['anthropic-beta']).toBeUndefined();
    // The mid-conversation system message reaches it as a system message, in place.
    expect((received.body as { messages: Array<{ role: string }> }).messages.map((message) => message.role)).toEqual(['user', 'system']);
  });

  it.each([
    ['a server tool', { tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 2 }] }, 'tools'],
    ['a context edit only Anthropic applies', { context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] } }, 'context_management.edits[0].type'],
    ['MCP servers', { mcp_servers: [{ type: 'url', url: 'https://mcp.example.com', name: 'x' }] }, 'mcp_servers'],
  ])('refuses %s for a provider of another dialect with a 400 naming the parameter, and sends nothing', async (_name, extra, param) => {
    const response = await post(harness, betaRequest('gpt-6-luna', extra), { 'anthropic-beta': betas });
    expect(response.status).toBe(400);
    const error = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(error.error.type).toBe('invalid_request_error');
    expect(error.error.message).toContain(param);
    expect(harness.simulator('sim-openai').received).toHaveLength(0);
    // The same request for an Anthropic model goes through, with the header.
    expect((await post(harness, betaRequest('claude-haiku-5-5', extra), { 'anthropic-beta': betas })).status).toBe(200);
    expect(harness.simulator('sim-anthropic').received.at(-1)?.headers['anthropic-beta']).toBe(betas);
  });

  it.each([['relayed', false], ['rebuilt', true]])(
    'carries streamed thinking and its signature back to the provider on the next turn (%s)',
    async (_path, rebuilt) => {
      const thinking = { type: 'enabled', budget_tokens: 1024 } as const;
      const first = await client.messages.stream({ model: 'claude-haiku-5-5', max_tokens: 2048, thinking, messages: [{ role: 'user', content: 'Think first.' }] }).finalMessage();
      const block = first.content[0];
      expect(block?.type).toBe('thinking');
      if (block?.type !== 'thinking') return;
      expect(block.thinking).not.toBe('');
      expect(block.signature).toMatch(/^sim_/);
      const history: Anthropic.MessageParam[] = [
        { role: 'user', content: rebuilt ? [{ type: 'text', text: 'Think first.' }, { type: 'tool_result', tool_use_id: 'toolu_0', content: '{ "a": 1 }' }] as never : 'Think first.' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: 'Again.' },
      ];
      if (rebuilt) history.unshift({ role: 'user', content: 'Start.' }, { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_0', name: 'lookup', input: {} }] });
      // The simulator refuses a thinking block whose signature does not match its text, as Anthropic does.
      const second = await client.messages.create({ model: 'claude-haiku-5-5', max_tokens: 2048, thinking, messages: history });
      expect(second.content[0]?.type).toBe('thinking');
      const sent = harness.simulator('sim-anthropic').received.at(-1)?.body as { messages: Array<{ content: unknown }> };
      expect(JSON.stringify(sent.messages)).toContain(block.signature);
      if (rebuilt) expect(JSON.stringify(sent.messages)).toContain('{\\"a\\":1}');
    },
  );

  it.each([
    ['a budget that is not an integer', { type: 'enabled', budget_tokens: 'x' }, 2048],
    ['a budget below 1,024', { type: 'enabled', budget_tokens: 1000 }, 2048],
    ['a fractional budget', { type: 'enabled', budget_tokens: 1500.5 }, 2048],
    ['no budget', { type: 'enabled' }, 2048],
    ['a budget not below max_tokens', { type: 'enabled', budget_tokens: 5000 }, 10],
  ])('refuses thinking with %s: 400 in Anthropic shape naming thinking.budget_tokens, nothing sent', async (_name, thinking, maxTokens) => {
    for (const simulator of harness.gateway.simulators.values()) simulator.reset();
    const refused = await client.messages.create({ model: 'claude-haiku-5-5', max_tokens: maxTokens, thinking: thinking as never, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
    const error = (refused as InstanceType<typeof Anthropic.BadRequestError>).error as { type: string; error: { type: string; message: string } };
    expect(error.type).toBe('error');
    expect(error.error.type).toBe('invalid_request_error');
    expect(error.error.message).toContain('thinking.budget_tokens');
    expect(harness.simulator('sim-anthropic').received).toHaveLength(0);
  });
});
