import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/canonical/request.ts';
import type { ProviderAdapterV1 } from '../../core/provider/adapter.ts';
import { collect } from '../shared/test-support/collect.ts';
import { fixtureReader } from '../shared/test-support/fixture-reader.ts';
import { reply } from '../shared/test-support/fixture-replies.ts';
import { startFixtureServer, type FixtureServer } from '../shared/test-support/fixture-server.ts';
import { describeAdapterContract } from '../shared/test-support/describe-adapter-contract.ts';
import { rejection } from '../shared/test-support/rejection.ts';
import { createOllamaAdapter } from './create-ollama-adapter.ts';

const fixture = fixtureReader(new URL('./__fixtures__/', import.meta.url));
const ndjson = (text: string) => reply(200, text, { 'content-type': 'application/x-ndjson' });

let server: FixtureServer;
let adapter: ProviderAdapterV1;

function sentBody(): Record<string, unknown> {
  return server.requests[0]?.json() ?? {};
}

const chat: ChatRequest = {
  model: 'llama3.2',
  stream: false,
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'Answer in one sentence.' }] },
    { role: 'user', content: [{ type: 'text', text: 'Why is the sky blue?' }] },
  ],
  temperature: 0,
  maxOutputTokens: 50,
  stopSequences: ['User:'],
  seed: 101,
};

beforeAll(async () => {
  server = await startFixtureServer();
  adapter = createOllamaAdapter({ providerId: 'ollama-test', baseUrl: server.origin });
});

afterAll(async () => {
  await adapter.close?.();
  await server.close();
});

describeAdapterContract('ollama', {
  // Ollama itself takes no key; one behind an authenticating proxy (or Ollama's cloud) gets it as a bearer token.
  create: (origin, settings) => createOllamaAdapter({ providerId: 'ollama-contract', baseUrl: origin, apiKey: 'olk-secret-987', ...settings }),
  apiKey: 'olk-secret-987',
  request: { ...chat, tools: [{ name: 'get_current_weather', inputSchema: { type: 'object', properties: { location: { type: 'string' } } } }] },
  generatedText: { body: fixture('chat-response.json'), contentType: 'application/json', text: 'Rayleigh scattering: air molecules scatter blue light more than red light.' },
  generatedToolCall: { body: fixture('chat-tool-call.json'), contentType: 'application/json', name: 'get_current_weather' },
  streamedText: { body: fixture('chat-stream.ndjson'), contentType: 'application/x-ndjson', text: 'The sky is blue. ☀️' },
  streamedToolCall: { body: fixture('chat-stream-tool-call.ndjson'), contentType: 'application/x-ndjson', name: 'get_current_weather' },
  streamHead: `${fixture('chat-stream.ndjson').split('\n').slice(0, 2).join('\n')}\n`,
  stalledAnswer: '{"model":"llama3.2",',
  // Ollama's error shape, `{"error": "..."}`, with the status of a proxy or Ollama's cloud that limits requests.
  rateLimited: { status: 429, body: '{"error":"too many requests, retry later"}', headers: { 'retry-after': '3' }, retryAfterSeconds: 3, message: 'too many requests' },
  quotingKey: (key) => ({ status: 401, body: JSON.stringify({ error: `unauthorized: key ${key} is not valid` }), code: 'upstream_error' }),
});

describe('createOllamaAdapter', () => {
  it('describes itself as a v1 ollama adapter', () => {
    expect(adapter).toMatchObject({ specificationVersion: 'v1', adapter: 'ollama', dialect: 'ollama', providerId: 'ollama-test' });
  });

  it('posts /api/chat with stream false and Modelfile options, and reads the answer', async () => {
    server.handle(reply(200, fixture('chat-response.json')));
    const { result } = await adapter.doGenerate(chat, {});
    expect(server.requests[0]?.method).toBe('POST');
    expect(server.requests[0]?.url).toBe('/api/chat');
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(sentBody()).toEqual({
      model: 'llama3.2',
      stream: false,
      messages: [
        { role: 'system', content: 'Answer in one sentence.' },
        { role: 'user', content: 'Why is the sky blue?' },
      ],
      options: { temperature: 0, num_predict: 50, stop: ['User:'], seed: 101 },
    });
    expect(result.content).toEqual([{ type: 'text', text: 'Rayleigh scattering: air molecules scatter blue light more than red light.' }]);
    expect(result.usage).toMatchObject({ inputTokens: 26, outputTokens: 15 });
  });

  it('sends tools and a JSON schema format, and reads a tool call answer', async () => {
    server.handle(reply(200, fixture('chat-tool-call.json')));
    const schema = { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] };
    const { result } = await adapter.doGenerate(
      { ...chat, tools: [{ name: 'get_current_weather', inputSchema: schema }], responseFormat: { type: 'json-schema', name: 'w', schema } },
      {},
    );
    expect(sentBody()).toMatchObject({
      tools: [{ type: 'function', function: { name: 'get_current_weather', parameters: schema } }],
      format: schema,
    });
    expect(result.finishReason.unified).toBe('tool-calls');
    expect(result.content[0]).toMatchObject({ type: 'tool-call', name: 'get_current_weather' });
  });

  it('streams NDJSON from /api/chat with stream true', async () => {
    server.handle(ndjson(fixture('chat-stream.ndjson')));
    const { stream } = await adapter.doStream({ ...chat, stream: true }, {});
    const parts = await collect(stream);
    expect(sentBody().stream).toBe(true);
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'text-delta', 'text-delta', 'finish']);
  });

  it('ends a stream the server cuts before the done line without a finish part', async () => {
    const text = fixture('chat-stream.ndjson');
    server.handle(ndjson(text.slice(0, text.lastIndexOf('{"model"') + 30)));
    const parts = await collect((await adapter.doStream({ ...chat, stream: true }, {})).stream);
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
    expect(parts.at(-1)?.type).toBe('error');
  });

  it('gives an error part for a malformed line served over HTTP', async () => {
    server.handle(ndjson(`${fixture('chat-stream.ndjson').split('\n')[0]}\nnot json at all\n`));
    const parts = await collect((await adapter.doStream({ ...chat, stream: true }, {})).stream);
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'error']);
  });

  it('maps a 404 for a model that is not pulled to a retryable upstream error with its message', async () => {
    server.handle(reply(404, fixture('error-model-not-found.json')));
    const error = await rejection(adapter.doGenerate(chat, {}));
    expect(error.code).toBe('upstream_error');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('not found, try pulling it first');
    expect(error.details).toMatchObject({ upstreamStatus: 404, provider: 'ollama-test' });
  });

  it('maps a 500 on a stream request to an upstream error', async () => {
    server.handle(reply(500, '{"error":"llama runner process has terminated: exit status 2"}'));
    const error = await rejection(adapter.doStream({ ...chat, stream: true }, {}));
    expect(error.code).toBe('upstream_error');
    expect(error.message).toContain('llama runner process has terminated');
  });

  it('sends a configured key as a bearer token', async () => {
    const keyed = createOllamaAdapter({ providerId: 'ollama-cloud', baseUrl: server.origin, apiKey: 'olk-secret-987' });
    server.handle(reply(200, fixture('chat-response.json')));
    await keyed.doGenerate(chat, {});
    await keyed.close?.();
    expect(server.requests[0]?.headers.authorization).toBe('Bearer olk-secret-987');
  });

  it('embeds through /api/embed with all inputs in one call', async () => {
    server.handle(reply(200, fixture('embed-response.json')));
    const result = await adapter.doEmbed!({ model: 'all-minilm', input: ['Why is the sky blue?', 'Why is the grass green?'] }, {});
    expect(server.requests[0]?.url).toBe('/api/embed');
    expect(sentBody()).toEqual({ model: 'all-minilm', input: ['Why is the sky blue?', 'Why is the grass green?'] });
    expect(result.embeddings).toHaveLength(2);
    expect(result.usage.inputTokens).toBe(16);
  });
});
