import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/canonical/request.ts';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import type { ProviderAdapterV1 } from '../../core/provider/adapter.ts';
import { collect } from '../shared/test-support/collect.ts';
import { fixtureReader } from '../shared/test-support/fixture-reader.ts';
import { holdOpen, reply } from '../shared/test-support/fixture-replies.ts';
import { startFixtureServer, type FixtureServer } from '../shared/test-support/fixture-server.ts';
import { describeCallDeadline } from '../shared/test-support/describe-call-deadline.ts';
import { rejection } from '../shared/test-support/rejection.ts';
import { createOllamaAdapter } from './create-ollama-adapter.ts';

const fixture = fixtureReader(new URL('./__fixtures__/', import.meta.url));
const ndjson = (text: string) => reply(200, text, { 'content-type': 'application/x-ndjson' });

let server: FixtureServer;
let adapter: ProviderAdapterV1;

/** Serves the first line of a stream and keeps the response open; resolves when the server sees the connection close. */
function serveFirstLineAndHold(): Promise<void> {
  return holdOpen(server, 'application/x-ndjson', `${fixture('chat-stream.ndjson').split('\n')[0]}\n`);
}

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

describeCallDeadline({
  create: (origin, timeoutMs) => createOllamaAdapter({ providerId: 'ollama-slow', baseUrl: origin, timeoutMs }),
  request: chat,
  stalledAnswer: '{"model":"llama3.2",',
  streamedAnswer: { body: fixture('chat-stream.ndjson'), contentType: 'application/x-ndjson' },
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

  it('sends a configured key as a bearer token and never puts it in a thrown error', async () => {
    const keyed = createOllamaAdapter({ providerId: 'ollama-cloud', baseUrl: server.origin, apiKey: 'olk-secret-987' });
    server.handle(reply(401, '{"error":"unauthorized: key olk-secret-987 is not valid"}'));
    const error = await rejection(keyed.doGenerate(chat, {}));
    await keyed.close?.();
    expect(server.requests[0]?.headers.authorization).toBe('Bearer olk-secret-987');
    expect(JSON.stringify({ message: error.message, details: error.details, stack: error.stack })).not.toContain('olk-secret-987');
  });

  it('closes the upstream connection when the signal aborts mid-stream', async () => {
    const closed = serveFirstLineAndHold();
    const controller = new AbortController();
    const { stream } = await adapter.doStream({ ...chat, stream: true }, { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'stream-start' });
    expect((await iterator.next()).value).toEqual({ type: 'text-delta', delta: 'The' });
    controller.abort();
    await closed;
    const rest: StreamPart[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
    // The socket closed (above) and the stream ended; the held-open fixture never sends an end, so no finish to check.
    expect(rest.every((part) => part.type === 'error')).toBe(true);
  });

  it('closes the upstream connection when the consumer stops reading', async () => {
    const closed = serveFirstLineAndHold();
    const { stream } = await adapter.doStream({ ...chat, stream: true }, {});
    for await (const part of stream) if (part.type === 'text-delta') break;
    await closed;
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
