import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/canonical/request.ts';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { ProviderAdapterV1 } from '../../core/provider/adapter.ts';
import { createAnthropicAdapter } from './create-anthropic-adapter.ts';

const API_KEY = 'sk-ant-test-0123456789abcdef';
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
let received: Received[] = [];
let socketClosed: Promise<void>;
let adapter: ProviderAdapterV1;

function reply(status: number, body: string, headers: Record<string, string> = {}): Handler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(body);
  };
}

function sse(text: string): Handler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': 'req_test' });
    response.end(text);
  };
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let data = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (data += chunk));
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: JSON.parse(data || '{}') as Record<string, unknown> });
      handler(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  adapter = createAnthropicAdapter({ providerId: 'anthropic-test', baseUrl: `${baseUrl}/v1/`, apiKey: API_KEY, headers: { 'anthropic-beta': 'feature-x' } });
});

afterAll(async () => {
  await adapter.close?.();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received = [];
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

async function collect(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (GatewayError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('createAnthropicAdapter', () => {
  it('describes itself', () => {
    expect(adapter).toMatchObject({ specificationVersion: 'v1', adapter: 'anthropic', dialect: 'anthropic', providerId: 'anthropic-test' });
    expect(adapter.doEmbed).toBeUndefined();
  });

  it('generates: POST /v1/messages with the key, version and body, and parses the documented text answer', async () => {
    handler = reply(200, fixture('message-text.json'), { 'request-id': 'req_1' });
    const { result, headers } = await adapter.doGenerate(chat, {});
    expect(received).toHaveLength(1);
    const [request] = received as [Received];
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/messages');
    expect(request.headers['x-api-key']).toBe(API_KEY);
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    expect(request.headers['anthropic-beta']).toBe('feature-x');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toMatchObject({ model: chat.model, system: 'Be brief.', max_tokens: 4096, messages: [{ role: 'user' }] });
    expect(request.body).not.toHaveProperty('stream');
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
    handler = reply(200, fixture('message-tool-use.json'));
    const { result } = await adapter.doGenerate(chat, {});
    expect(result.content).toEqual([
      { type: 'text', text: "I'll check the current weather in San Francisco for you." },
      { type: 'tool-call', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: '{"location":"San Francisco, CA","unit":"celsius"}' },
    ]);
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
    expect(result.usage).toMatchObject({ inputTokens: 384 + 120 + 1024, outputTokens: 92, cachedInputTokens: 1024, cacheWriteTokens: 120 });
  });

  it('throws upstream_overloaded on 529', async () => {
    handler = reply(529, fixture('error-529.json'));
    const error = await rejection(adapter.doGenerate(chat, {}));
    expect(error.code).toBe('upstream_overloaded');
    expect(error.status).toBe(529);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('Overloaded');
  });

  it('throws upstream_rate_limited with retry-after on 429', async () => {
    handler = reply(429, fixture('error-429.json'), { 'retry-after': '17' });
    const error = await rejection(adapter.doStream({ ...chat, stream: true }, {}));
    expect(error.code).toBe('upstream_rate_limited');
    expect(error.retryAfterSeconds).toBe(17);
  });

  it('never puts the API key into a thrown error, even when the provider echoes it', async () => {
    handler = reply(401, JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${API_KEY}` } }));
    const error = await rejection(adapter.doGenerate(chat, {}));
    expect(received[0]?.headers['x-api-key']).toBe(API_KEY);
    expect(error.code).toBe('upstream_error');
    const serialised = JSON.stringify({ message: error.message, details: error.details, stack: error.stack, cause: String(error.cause) });
    expect(serialised).not.toContain(API_KEY);
  });

  it('throws upstream_bad_response for a 200 that is not a message', async () => {
    handler = reply(200, '<html>gateway</html>');
    expect((await rejection(adapter.doGenerate(chat, {}))).code).toBe('upstream_bad_response');
  });

  it('streams the documented tool-use sequence into canonical parts', async () => {
    handler = sse(fixture('stream-tool-use.sse'));
    const { stream, headers } = await adapter.doStream({ ...chat, stream: true, responseFormat: { type: 'json' } }, {});
    expect(received[0]?.body.stream).toBe(true);
    expect(headers['request-id']).toBe('req_test');
    const parts = await collect(stream);
    expect(parts[0]).toMatchObject({ type: 'stream-start', id: 'msg_014p7gG3wDgGV9EUtLvnow3U', warnings: [{ type: 'unsupported-setting', setting: 'responseFormat' }] });
    expect(parts.find((part) => part.type === 'tool-input-start')).toEqual({ type: 'tool-input-start', index: 0, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather' });
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_use' }, usage: { inputTokens: 472, outputTokens: 89 } });
  });

  it('streams an error event as an error part without finish', async () => {
    handler = sse(fixture('stream-error-overloaded.sse'));
    const parts = await collect((await adapter.doStream(chat, {})).stream);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_overloaded' } });
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
  });

  it('produces no finish part when the server cuts the stream', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(fixture('stream-text.sse').slice(0, 500));
      setTimeout(() => response.socket?.destroy(), 20);
    };
    const parts = await collect((await adapter.doStream(chat, {})).stream);
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
    expect(parts.at(-1)?.type).toBe('error');
  });

  it('closes the upstream socket when the signal aborts mid-stream', async () => {
    let closed!: () => void;
    socketClosed = new Promise((resolve) => (closed = resolve));
    handler = (request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(fixture('stream-text.sse').split('event: content_block_stop')[0]);
      request.socket.on('close', () => closed());
    };
    const controller = new AbortController();
    const { stream } = await adapter.doStream(chat, { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value).toMatchObject({ type: 'stream-start' });
    controller.abort();
    const rest: StreamPart[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
    await socketClosed;
    expect(rest.some((part) => part.type === 'finish')).toBe(false);
  });

  it('closes the upstream socket when the consumer stops reading', async () => {
    let closed!: () => void;
    const socketGone = new Promise<void>((resolve) => (closed = resolve));
    handler = (request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(fixture('stream-text.sse').split('event: content_block_stop')[0]);
      request.socket.on('close', () => closed());
    };
    const { stream } = await adapter.doStream(chat, {});
    for await (const part of stream) if (part.type === 'text-delta') break;
    await socketGone;
  });

  it('passes a request through and returns the raw answer', async () => {
    handler = sse(fixture('stream-text.sse'));
    const body = { model: 'claude-sonnet-4-5-20250929', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'Hi' }], thinking: { type: 'enabled', budget_tokens: 1024 } };
    const response = await adapter.doPassthrough!({ path: '/v1/messages', body, stream: true }, { headers: { 'anthropic-beta': 'client-beta', 'x-api-key': 'client-key' } });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream');
    let text = '';
    for await (const chunk of response.body) text += Buffer.from(chunk).toString('utf8');
    expect(text).toBe(fixture('stream-text.sse'));
    expect(received[0]?.body).toEqual(body);
    expect(received[0]?.url).toBe('/v1/messages');
    expect(received[0]?.headers['anthropic-beta']).toBe('client-beta');
    expect(received[0]?.headers['x-api-key']).toBe(API_KEY);
  });

  it('passes an error answer through raw', async () => {
    handler = reply(529, fixture('error-529.json'));
    const response = await adapter.doPassthrough!({ path: '/messages', body: { model: 'x' }, stream: false }, {});
    expect(response.status).toBe(529);
    let text = '';
    for await (const chunk of response.body) text += Buffer.from(chunk).toString('utf8');
    expect(JSON.parse(text)).toEqual(JSON.parse(fixture('error-529.json')));
  });

  it('times out with upstream_timeout when the provider does not answer', async () => {
    const slow = createAnthropicAdapter({ providerId: 'slow', baseUrl, apiKey: API_KEY, timeoutMs: 100 });
    handler = () => undefined;
    try {
      const error = await rejection(slow.doGenerate(chat, {}));
      expect(error.code).toBe('upstream_timeout');
    } finally {
      server.closeAllConnections();
      await slow.close?.();
    }
  });
});
