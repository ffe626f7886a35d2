import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/canonical/request.ts';
import type { ProviderAdapterV1 } from '../../core/provider/adapter.ts';
import { collect } from '../shared/test-support/collect.ts';
import { fixtureReader } from '../shared/test-support/fixture-reader.ts';
import { reply, replySse } from '../shared/test-support/fixture-replies.ts';
import { startFixtureServer, type FixtureServer } from '../shared/test-support/fixture-server.ts';
import { describeAdapterContract } from '../shared/test-support/describe-adapter-contract.ts';
import { rejection } from '../shared/test-support/rejection.ts';
import { createAnthropicAdapter } from './create-anthropic-adapter.ts';

const API_KEY = 'sk-ant-test-0123456789abcdef';
const fixture = fixtureReader(new URL('./__fixtures__/', import.meta.url));
const sse = (text: string) => replySse(text, { 'request-id': 'req_test' });
const untilFirstBlockStop = fixture('stream-text.sse').split('event: content_block_stop')[0] ?? '';

let server: FixtureServer;
let adapter: ProviderAdapterV1;

beforeAll(async () => {
  server = await startFixtureServer();
  adapter = createAnthropicAdapter({ providerId: 'anthropic-test', baseUrl: `${server.origin}/v1/`, apiKey: API_KEY, headers: { 'anthropic-beta': 'feature-x' } });
});

afterAll(async () => {
  await adapter.close?.();
  await server.close();
});

beforeEach(() => {
  server.forgetRequests();
});

const chat: ChatRequest = {
  model: 'claude-sonnet-4-5-20250929',
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
    { role: 'user', content: [{ type: 'text', text: 'Weather in San Francisco?' }] },
  ],
  tools: [{ name: 'get_weather', inputSchema: { type: 'object', properties: { location: { type: 'string' } } } }],
  stream: false,
};

describeAdapterContract('anthropic', {
  create: (origin, settings) => createAnthropicAdapter({ providerId: 'anthropic-contract', baseUrl: origin, apiKey: API_KEY, ...settings }),
  apiKey: API_KEY,
  request: chat,
  generatedText: { body: fixture('message-text.json'), contentType: 'application/json', text: 'Hi! My name is Claude.' },
  generatedToolCall: { body: fixture('message-tool-use.json'), contentType: 'application/json', name: 'get_weather' },
  streamedText: { body: fixture('stream-text.sse'), contentType: 'text/event-stream', text: 'Hello!' },
  streamedToolCall: { body: fixture('stream-tool-use.sse'), contentType: 'text/event-stream', name: 'get_weather' },
  streamHead: untilFirstBlockStop,
  stalledAnswer: '{"id":"msg_',
  rateLimited: { status: 429, body: fixture('error-429.json'), headers: { 'retry-after': '17' }, retryAfterSeconds: 17, message: 'would exceed the rate limit' },
  quotingKey: (key) => ({
    status: 401,
    body: JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${key}` } }),
    code: 'upstream_error',
  }),
});

describe('createAnthropicAdapter', () => {
  it('describes itself', () => {
    expect(adapter).toMatchObject({ specificationVersion: 'v1', adapter: 'anthropic', dialect: 'anthropic', providerId: 'anthropic-test' });
    expect(adapter.doEmbed).toBeUndefined();
  });

  it('generates: POST /v1/messages with the key, version and body, and parses the documented text answer', async () => {
    server.handle(reply(200, fixture('message-text.json'), { 'request-id': 'req_1' }));
    const { result, headers } = await adapter.doGenerate(chat, {});
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1/messages');
    expect(request?.headers['x-api-key']).toBe(API_KEY);
    expect(request?.headers['anthropic-version']).toBe('2023-06-01');
    expect(request?.headers['anthropic-beta']).toBe('feature-x');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.json()).toMatchObject({ model: chat.model, system: 'Be brief.', max_tokens: 4096, messages: [{ role: 'user' }] });
    expect(request?.json()).not.toHaveProperty('stream');
    expect(headers['request-id']).toBe('req_1');
    expect(result).toMatchObject({
      id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
      model: 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text: 'Hi! My name is Claude.' }],
      finishReason: { unified: 'stop', raw: 'end_turn' },
      usage: { inputTokens: 2095, outputTokens: 503 },
      warnings: [],
    });
  });

  it('generates: parses the documented tool_use answer with cache usage', async () => {
    server.handle(reply(200, fixture('message-tool-use.json')));
    const { result } = await adapter.doGenerate(chat, {});
    expect(result.content).toEqual([
      { type: 'text', text: "I'll check the current weather in San Francisco for you." },
      { type: 'tool-call', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: '{"location":"San Francisco, CA","unit":"celsius"}' },
    ]);
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
    expect(result.usage).toMatchObject({ inputTokens: 384 + 120 + 1024, outputTokens: 92, cachedInputTokens: 1024, cacheWriteTokens: 120 });
  });

  it('throws upstream_overloaded on 529', async () => {
    server.handle(reply(529, fixture('error-529.json')));
    const error = await rejection(adapter.doGenerate(chat, {}));
    expect(error.code).toBe('upstream_overloaded');
    expect(error.status).toBe(529);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('Overloaded');
  });

  it('streams the documented tool-use sequence into canonical parts', async () => {
    server.handle(sse(fixture('stream-tool-use.sse')));
    const { stream, headers } = await adapter.doStream({ ...chat, stream: true, responseFormat: { type: 'json' } }, {});
    expect(server.requests[0]?.json().stream).toBe(true);
    expect(headers['request-id']).toBe('req_test');
    const parts = await collect(stream);
    expect(parts[0]).toMatchObject({ type: 'stream-start', id: 'msg_014p7gG3wDgGV9EUtLvnow3U', warnings: [{ type: 'unsupported-setting', setting: 'responseFormat' }] });
    expect(parts.find((part) => part.type === 'tool-input-start')).toEqual({ type: 'tool-input-start', index: 0, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather' });
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_use' }, usage: { inputTokens: 472, outputTokens: 89 } });
  });

  it('streams an error event as an error part without finish', async () => {
    server.handle(sse(fixture('stream-error-overloaded.sse')));
    const parts = await collect((await adapter.doStream(chat, {})).stream);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_overloaded' } });
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
  });

  it('passes a request through to its own Messages endpoint (no path given) and returns the raw answer', async () => {
    server.handle(sse(fixture('stream-text.sse')));
    const body = { model: 'claude-sonnet-4-5-20250929', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'Hi' }], thinking: { type: 'enabled', budget_tokens: 1024 } };
    const response = await adapter.doPassthrough!({ body, stream: true }, { headers: { 'anthropic-beta': 'client-beta', 'x-api-key': 'client-key' } });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream');
    const text = Buffer.concat(await collect(response.body)).toString('utf8');
    expect(text).toBe(fixture('stream-text.sse'));
    expect(server.requests[0]?.json()).toEqual(body);
    expect(server.requests[0]?.url).toBe('/v1/messages');
    expect(server.requests[0]?.headers['anthropic-beta']).toBe('client-beta');
    expect(server.requests[0]?.headers['x-api-key']).toBe(API_KEY);
  });

  it('turns an error answer into a catalogued error without the key', async () => {
    server.handle(reply(529, fixture('error-529.json').replace('Overloaded', `Overloaded (key ${API_KEY})`)));
    const error = await rejection(adapter.doPassthrough!({ path: '/messages', body: { model: 'x' }, stream: false }, {}));
    expect(error.code).toBe('upstream_overloaded');
    expect(error.message).not.toContain(API_KEY);
  });

  it('times out with upstream_timeout when the provider does not answer', async () => {
    const slow = createAnthropicAdapter({ providerId: 'slow', baseUrl: server.origin, apiKey: API_KEY, timeoutMs: 100 });
    server.handle(() => undefined);
    const error = await rejection(slow.doGenerate(chat, {}));
    await slow.close?.();
    expect(error.code).toBe('upstream_timeout');
  });
});
