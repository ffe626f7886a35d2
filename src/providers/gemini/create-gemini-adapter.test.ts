import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/canonical/request.ts';
import type { ProviderAdapterV1 } from '../../core/provider/adapter.ts';
import { collect } from '../shared/test-support/collect.ts';
import { fixtureReader } from '../shared/test-support/fixture-reader.ts';
import { reply, replySse } from '../shared/test-support/fixture-replies.ts';
import { startFixtureServer, type FixtureServer } from '../shared/test-support/fixture-server.ts';
import { describeAdapterContract } from '../shared/test-support/describe-adapter-contract.ts';
import { rejection } from '../shared/test-support/rejection.ts';
import { createGeminiAdapter } from './create-gemini-adapter.ts';

const apiKey = 'AIzaTEST-secret-0123456789';
const fixture = fixtureReader(new URL('./__fixtures__/', import.meta.url));

let server: FixtureServer;
let adapter: ProviderAdapterV1;

const chat: ChatRequest = {
  model: 'gemini-2.5-flash',
  stream: false,
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'Answer in one sentence.' }] },
    { role: 'user', content: [{ type: 'text', text: 'Why is the sky blue?' }] },
  ],
  maxOutputTokens: 100,
  temperature: 0.3,
};

beforeAll(async () => {
  server = await startFixtureServer();
  adapter = createGeminiAdapter({ providerId: 'gemini-test', baseUrl: `${server.origin}/v1beta`, apiKey, headers: { 'x-extra': 'yes' } });
});

afterAll(async () => {
  await adapter.close?.();
  await server.close();
});

describeAdapterContract('gemini', {
  create: (origin, settings) => createGeminiAdapter({ providerId: 'gemini-contract', baseUrl: `${origin}/v1beta`, apiKey, ...settings }),
  apiKey,
  request: { ...chat, tools: [{ name: 'get_current_weather', inputSchema: { type: 'object', properties: { location: { type: 'string' } } } }] },
  generatedText: {
    body: fixture('generate-content-text.json'),
    contentType: 'application/json',
    text: 'The sky looks blue because air molecules scatter short (blue) wavelengths of sunlight more than long ones.',
  },
  generatedToolCall: { body: fixture('generate-content-function-call.json'), contentType: 'application/json', name: 'get_current_weather' },
  streamedText: { body: fixture('stream-generate-content.sse'), contentType: 'text/event-stream', text: 'The sky looks blue because air scatters blue light the most. ☀️' },
  streamedToolCall: { body: fixture('stream-generate-content-function-call.sse'), contentType: 'text/event-stream', name: 'get_current_weather' },
  streamHead: fixture('stream-generate-content.sse').split('\r\n\r\n').slice(0, 2).join('\r\n\r\n') + '\r\n\r\n',
  stalledAnswer: '{"candidates": [',
  rateLimited: { status: 429, body: fixture('error-429-resource-exhausted.json'), retryAfterSeconds: 28, message: 'You exceeded your current quota' },
  quotingKey: (key) => ({
    status: 400,
    body: JSON.stringify({ error: { code: 400, message: `API key ${key} not valid.`, status: 'INVALID_ARGUMENT' } }),
    code: 'upstream_rejected',
  }),
});

describe('createGeminiAdapter', () => {
  it('describes itself as a v1 gemini adapter', () => {
    expect(adapter).toMatchObject({ specificationVersion: 'v1', adapter: 'gemini', dialect: 'gemini', providerId: 'gemini-test' });
  });

  it('posts generateContent with the key in x-goog-api-key and reads the answer', async () => {
    server.handle(reply(200, fixture('generate-content-text.json')));
    const { result } = await adapter.doGenerate(chat, {});
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(request?.headers['x-goog-api-key']).toBe(apiKey);
    expect(request?.headers['x-extra']).toBe('yes');
    expect(request?.url).not.toContain(apiKey);
    expect(JSON.parse(request?.body ?? '')).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Why is the sky blue?' }] }],
      systemInstruction: { parts: [{ text: 'Answer in one sentence.' }] },
      generationConfig: { maxOutputTokens: 100, temperature: 0.3 },
    });
    expect(result.content[0]).toMatchObject({ type: 'text' });
    expect(result.finishReason.unified).toBe('stop');
  });

  it('sends function responses by name in a follow-up turn and reads function calls back', async () => {
    server.handle(reply(200, fixture('generate-content-function-call.json')));
    const { result } = await adapter.doGenerate(
      {
        ...chat,
        tools: [{ name: 'get_current_weather', inputSchema: { type: 'object', properties: { location: { type: 'string' } } } }],
        toolChoice: { type: 'required' },
        messages: [
          ...chat.messages,
          { role: 'assistant', content: [{ type: 'tool-call', id: 'call_7', name: 'get_current_weather', arguments: '{"location":"Oslo"}' }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_7', content: '{"temperature":4}' }] },
        ],
      },
      {},
    );
    const body = JSON.parse(server.requests[0]?.body ?? '') as Record<string, unknown>;
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(body.contents).toContainEqual({
      role: 'user',
      parts: [{ functionResponse: { name: 'get_current_weather', response: { output: '{"temperature":4}' } } }],
    });
    expect(result.finishReason.unified).toBe('tool-calls');
    expect(result.content.map((part) => part.type)).toEqual(['tool-call', 'tool-call']);
  });

  it('streams from streamGenerateContent?alt=sse', async () => {
    server.handle(replySse(fixture('stream-generate-content.sse')));
    const { stream } = await adapter.doStream({ ...chat, stream: true }, {});
    const parts = await collect(stream);
    expect(server.requests[0]?.url).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'text-delta', 'text-delta', 'finish']);
  });

  it('ends a stream cut by the server without a finish part', async () => {
    const text = fixture('stream-generate-content.sse');
    server.handle(replySse(text.slice(0, text.lastIndexOf('data:') + 40)));
    const { stream } = await adapter.doStream({ ...chat, stream: true }, {});
    const parts = await collect(stream);
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(3);
  });

  it('maps 429 RESOURCE_EXHAUSTED to upstream_rate_limited with the RetryInfo delay', async () => {
    server.handle(reply(429, fixture('error-429-resource-exhausted.json')));
    const error = await rejection(adapter.doGenerate(chat, {}));
    expect(error.code).toBe('upstream_rate_limited');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterSeconds).toBe(28);
    expect(error.details).toMatchObject({ upstreamStatus: 429, upstreamStatusName: 'RESOURCE_EXHAUSTED', provider: 'gemini-test' });
    expect(error.message).toContain('You exceeded your current quota');
  });

  it('maps 503 UNAVAILABLE to upstream_unavailable, also for a stream', async () => {
    server.handle(reply(503, fixture('error-503-unavailable.json')));
    const error = await rejection(adapter.doStream({ ...chat, stream: true }, {}));
    expect(error.code).toBe('upstream_unavailable');
    expect(error.retryable).toBe(true);
  });

  it('refuses a model name that would change the URL, without calling the provider', async () => {
    server.forgetRequests();
    const error = await rejection(adapter.doGenerate({ ...chat, model: '../files?x=1' }, {}));
    expect(error.code).toBe('invalid_request');
    expect(server.requests).toHaveLength(0);
  });

  it('embeds through batchEmbedContents, one request per input', async () => {
    server.handle(reply(200, fixture('batch-embed-contents.json')));
    const result = await adapter.doEmbed!({ model: 'gemini-embedding-001', input: ['a', 'b'], dimensions: 4 }, {});
    expect(server.requests[0]?.url).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
      requests: [
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] }, outputDimensionality: 4 },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'b' }] }, outputDimensionality: 4 },
      ],
    });
    expect(result.embeddings).toHaveLength(2);
    expect(result.embeddings[1]?.[0]).toBeCloseTo(-0.021475712);
  });
});
