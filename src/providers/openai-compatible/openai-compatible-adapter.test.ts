import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/canonical/request.ts';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import type { ProviderAdapterV1 } from '../../core/provider/adapter.ts';
import { collect } from '../shared/test-support/collect.ts';
import { fixtureReader } from '../shared/test-support/fixture-reader.ts';
import { holdOpen, replyJson, replySse } from '../shared/test-support/fixture-replies.ts';
import { startFixtureServer, type FixtureServer } from '../shared/test-support/fixture-server.ts';
import { describeAdapterContract } from '../shared/test-support/describe-adapter-contract.ts';
import { rejection } from '../shared/test-support/rejection.ts';
import { createOpenAICompatibleAdapter } from './openai-compatible-adapter.ts';

const readFixture = fixtureReader(new URL('./__fixtures__/', import.meta.url));
const apiKey = 'sk-test-0123456789-secret';
const request: ChatRequest = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
  stream: false,
};

let server: FixtureServer;
let adapter: ProviderAdapterV1;

beforeAll(async () => {
  server = await startFixtureServer();
  adapter = createOpenAICompatibleAdapter({ providerId: 'openai-test', baseUrl: `${server.origin}/v1`, apiKey, headers: { 'OpenAI-Organization': 'org-1' } });
});

afterAll(async () => {
  await adapter.close?.();
  await server.close();
});

function lastRequest() {
  const recorded = server.requests.at(-1);
  if (!recorded) throw new Error('no request reached the server');
  return { ...recorded, json: recorded.json() };
}

const rateLimited = JSON.parse(readFixture('error-rate-limit-429.json')) as { status: number; headers: Record<string, string>; body: unknown };

describeAdapterContract('openai-compatible', {
  create: (origin, settings) => createOpenAICompatibleAdapter({ providerId: 'openai-contract', baseUrl: `${origin}/v1`, apiKey, ...settings }),
  apiKey,
  request: { ...request, tools: [{ name: 'get_weather', inputSchema: { type: 'object', properties: { location: { type: 'string' } } } }] },
  generatedText: { body: readFixture('chat-completion.json'), contentType: 'application/json', text: 'Hello! How can I assist you today?' },
  generatedToolCall: { body: readFixture('chat-completion-tool-calls.json'), contentType: 'application/json', name: 'get_current_weather' },
  streamedText: { body: readFixture('stream-text.sse'), contentType: 'text/event-stream', text: 'Hello! How can I help?' },
  streamedToolCall: { body: readFixture('stream-parallel-tool-calls.sse'), contentType: 'text/event-stream', name: 'get_weather' },
  streamHead: readFixture('stream-text.sse').split('\n\n').slice(0, 3).join('\n\n') + '\n\n',
  stalledAnswer: '{"id":"chatcmpl-',
  rateLimited: { ...rateLimited, body: JSON.stringify(rateLimited.body), retryAfterSeconds: 20, message: 'Rate limit reached for gpt-4o-mini' },
  quotingKey: (key) => {
    const fixture = JSON.parse(readFixture('error-invalid-api-key.json')) as { status: number; headers: Record<string, string>; body: { error: { message: string } } };
    fixture.body.error.message = `Incorrect API key provided: ${key}.`;
    return { status: fixture.status, headers: fixture.headers, body: JSON.stringify(fixture.body), code: 'upstream_error' };
  },
});

describe('doGenerate', () => {
  it('posts to /chat/completions with a bearer key and reads the completion', async () => {
    server.handle(replyJson(JSON.parse(readFixture('chat-completion.json'))));
    const { result, headers } = await adapter.doGenerate(request, { headers: { 'X-Trace': 't1' } });
    const sent = lastRequest();
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(sent.headers['openai-organization']).toBe('org-1');
    expect(sent.headers['x-trace']).toBe('t1');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.json).toEqual({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }], stream: false });
    expect(headers['content-type']).toContain('application/json');
    expect(result).toMatchObject({
      id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
      model: 'gpt-4.1-2025-04-14',
      content: [{ type: 'text', text: 'Hello! How can I assist you today?' }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: 19, outputTokens: 10, cachedInputTokens: 0, reasoningTokens: 0 },
      warnings: [],
    });
  });

  it('reads tool calls and cached prompt tokens', async () => {
    server.handle(replyJson(JSON.parse(readFixture('chat-completion-tool-calls.json'))));
    const { result } = await adapter.doGenerate(request, {});
    expect(result.content).toEqual([
      { type: 'tool-call', id: 'call_abc123', name: 'get_current_weather', arguments: '{\n"location": "Boston, MA"\n}' },
    ]);
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
    expect(result.usage).toMatchObject({ inputTokens: 82, outputTokens: 17, cachedInputTokens: 64 });
  });

  it('reports conversion warnings with the result', async () => {
    server.handle(replyJson(JSON.parse(readFixture('chat-completion.json'))));
    const { result } = await adapter.doGenerate({ ...request, topK: 5 }, {});
    expect(result.warnings).toEqual([expect.objectContaining({ type: 'unsupported-setting', setting: 'topK' })]);
    expect(lastRequest().json).not.toHaveProperty('top_k');
  });

  it('keeps the message of a 401 (the key it quotes removed)', async () => {
    const fixture = JSON.parse(readFixture('error-invalid-api-key.json')) as { body: { error: { message: string } } };
    fixture.body.error.message = `Incorrect API key provided: ${apiKey}.`;
    server.handle(replyJson(fixture));
    const error = await rejection(adapter.doGenerate(request, {}));
    expect(error.message).toContain('Incorrect API key provided');
  });

  it('times out with a retryable upstream_timeout when the provider does not answer', async () => {
    const slow = createOpenAICompatibleAdapter({ providerId: 'slow', baseUrl: `${server.origin}/v1`, timeoutMs: 150 });
    server.handle(() => {
      // never answers
    });
    const error = await rejection(slow.doGenerate(request, {}));
    expect(error).toMatchObject({ code: 'upstream_timeout', retryable: true });
    await slow.close?.();
  });
});

describe('Azure OpenAI', () => {
  it('sends api-key and api-version and no bearer token', async () => {
    const azure = createOpenAICompatibleAdapter({
      providerId: 'azure-test',
      baseUrl: `${server.origin}/openai/deployments/gpt4o`,
      apiKey,
      azure: { apiVersion: '2024-10-21' },
    });
    server.handle(replyJson(JSON.parse(readFixture('chat-completion.json'))));
    await azure.doGenerate(request, {});
    const sent = lastRequest();
    expect(sent.url).toBe('/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21');
    expect(sent.headers['api-key']).toBe(apiKey);
    expect(sent.headers.authorization).toBeUndefined();
    await azure.close?.();
  });
});

describe('doStream', () => {
  it('asks for a stream with usage and parses a text stream', async () => {
    server.handle(replySse(readFixture('stream-text.sse')));
    const { stream } = await adapter.doStream({ ...request, stream: true }, {});
    const parts = await collect(stream);
    const sent = lastRequest();
    expect(sent.headers.accept).toBe('text/event-stream');
    expect(sent.json).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(parts).toEqual([
      { type: 'stream-start', id: 'chatcmpl-123', model: 'gpt-4o-mini', warnings: [] },
      { type: 'text-delta', delta: 'Hello' },
      { type: 'text-delta', delta: '!' },
      { type: 'text-delta', delta: ' How can I help?' },
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: { inputTokens: 0, outputTokens: 0 } },
    ]);
  });

  it('parses parallel tool calls and ends them before finish', async () => {
    server.handle(replySse(readFixture('stream-parallel-tool-calls.sse')));
    const parts = await collect((await adapter.doStream(request, {})).stream);
    expect(parts.slice(1)).toEqual([
      { type: 'tool-input-start', index: 0, id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'get_weather' },
      { type: 'tool-input-delta', index: 0, delta: '{"lo' },
      { type: 'tool-input-delta', index: 0, delta: 'cation": "Paris"}' },
      { type: 'tool-input-start', index: 1, id: 'call_ABPjXtjamn2q3iRdTFh4LBYt', name: 'get_weather' },
      { type: 'tool-input-delta', index: 1, delta: '{"lo' },
      { type: 'tool-input-delta', index: 1, delta: 'cation": "Tokyo"}' },
      { type: 'tool-input-end', index: 0 },
      { type: 'tool-input-end', index: 1 },
      { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage: { inputTokens: 0, outputTokens: 0 } },
    ]);
  });

  it('takes usage from the include_usage chunk, cached tokens included', async () => {
    server.handle(replySse(readFixture('stream-with-usage.sse')));
    const parts = await collect((await adapter.doStream(request, {})).stream);
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'text-delta', 'finish']);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', usage: { inputTokens: 1184, outputTokens: 2, cachedInputTokens: 1024, reasoningTokens: 0 } });
  });

  it('ends a stream cut before finish_reason without a finish part', async () => {
    const text = readFixture('stream-text.sse').split('\n\n').slice(0, 3).join('\n\n') + '\n\n';
    server.handle(replySse(text));
    const parts = await collect((await adapter.doStream(request, {})).stream);
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'text-delta']);
  });

  it('turns a malformed chunk into an error part and stops there', async () => {
    const lines = readFixture('stream-text.sse').split('\n\n');
    lines.splice(2, 0, 'data: {"id":"chatcmpl-123","choices":[{"index":0,"delta":{"content":"oops"');
    server.handle(replySse(lines.join('\n\n')));
    const parts = await collect((await adapter.doStream(request, {})).stream);
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'error']);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_bad_response' } });
  });

  it('turns an error object inside the stream into an error part', async () => {
    const lines = readFixture('stream-text.sse').split('\n\n');
    lines.splice(2, 0, 'data: {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}');
    server.handle(replySse(lines.join('\n\n')));
    const parts = await collect((await adapter.doStream(request, {})).stream);
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'error']);
    const last = parts.at(-1) as Extract<StreamPart, { type: 'error' }>;
    expect(last.error.code).toBe('upstream_error');
    expect(last.error.message).toContain('The server had an error');
  });
});

describe('doEmbed', () => {
  it('posts float embeddings and orders them by index', async () => {
    server.handle(replyJson(JSON.parse(readFixture('embeddings.json'))));
    const result = await adapter.doEmbed!({ model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 3 }, {});
    expect(lastRequest().url).toBe('/v1/embeddings');
    expect(lastRequest().json).toEqual({ model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'float', dimensions: 3 });
    expect(result).toEqual({
      model: 'text-embedding-3-small',
      embeddings: [
        [-0.0069292834, -0.005336422, 0.024047505],
        [0.0023064255, -0.009327292, 0.015797347],
      ],
      usage: { inputTokens: 8 },
    });
  });

  it('refuses an answer with fewer embeddings than inputs', async () => {
    server.handle(replyJson(JSON.parse(readFixture('embeddings.json'))));
    const error = await rejection(adapter.doEmbed!({ model: 'm', input: ['a', 'b', 'c'] }, {}));
    expect(error.code).toBe('upstream_bad_response');
  });
});

describe('doPassthrough', () => {
  it('sends the body as is to its own chat endpoint (no path given) and returns the raw bytes', async () => {
    const sse = readFixture('stream-with-usage.sse');
    server.handle(replySse(sse));
    const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true, logit_bias: { '50256': -100 } };
    const response = await adapter.doPassthrough!({ body, stream: true }, {});
    expect(lastRequest().url).toBe('/v1/chat/completions');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream');
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.body) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(sse);
    expect(lastRequest().json).toEqual(body);
  });

  it('throws the upstream error for a non-2xx answer', async () => {
    server.handle(replyJson(JSON.parse(readFixture('error-rate-limit-429.json'))));
    const error = await rejection(adapter.doPassthrough!({ path: '/chat/completions', body: { model: 'x' }, stream: false }, {}));
    expect(error.code).toBe('upstream_rate_limited');
  });

  it('cancel() closes the connection', async () => {
    const serverSawClose = holdOpen(server, 'text/event-stream', 'data: {}\n\n');
    const response = await adapter.doPassthrough!({ path: '/chat/completions', body: { model: 'x', stream: true }, stream: true }, {});
    response.cancel();
    await serverSawClose;
  });
});
