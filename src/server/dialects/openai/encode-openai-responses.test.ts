import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import type { ChatResult } from '../../../core/canonical/result.ts';
import { GatewayError } from '../../../core/errors/gateway-error.ts';
import { encodeOpenAIChatResult } from './encode-openai-chat-result.ts';
import { encodeOpenAIEmbeddingResult } from './encode-openai-embedding-result.ts';
import { encodeOpenAIError } from './encode-openai-error.ts';
import { encodeOpenAIModelList } from './encode-openai-model-list.ts';

const meta = { id: 'chatcmpl-sov2', created: 1_700_000_001, model: 'sovereign/auto' };

/** An OpenAI SDK client whose fetch answers with a fixed JSON body and status. */
function clientAnswering(status: number, body: unknown, headers: Record<string, string> = {}): OpenAI {
  return new OpenAI({
    apiKey: 'test',
    baseURL: 'http://gateway.invalid/v1',
    maxRetries: 0,
    fetch: async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }),
  });
}

describe('encodeOpenAIChatResult', () => {
  const result: ChatResult = {
    model: 'claude-sonnet',
    content: [
      { type: 'text', text: 'Let me check. ' },
      { type: 'text', text: 'One moment.' },
      { type: 'tool-call', id: 'toolu_1', name: 'lookup', arguments: '{"q":1}' },
    ],
    finishReason: { unified: 'tool-calls', raw: 'tool_use' },
    usage: { inputTokens: 100, outputTokens: 20, cachedInputTokens: 80, reasoningTokens: 5 },
    warnings: [],
  };

  it('writes a chat.completion with joined text, tool calls, mapped finish reason and usage', () => {
    expect(encodeOpenAIChatResult(result, meta)).toEqual({
      id: 'chatcmpl-sov2',
      object: 'chat.completion',
      created: 1_700_000_001,
      model: 'sovereign/auto',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Let me check. One moment.',
            refusal: null,
            tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'lookup', arguments: '{"q":1}' } }],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: {
        prompt_tokens: 100,
        completion_tokens: 20,
        total_tokens: 120,
        prompt_tokens_details: { cached_tokens: 80 },
        completion_tokens_details: { reasoning_tokens: 5 },
      },
    });
  });

  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['content-filter', 'content_filter'],
    ['other', 'stop'],
    ['error', 'stop'],
  ] as const)('maps finish reason %s to %s and gives null content without text', (unified, expected) => {
    const encoded = encodeOpenAIChatResult({ ...result, content: [], finishReason: { unified } }, meta);
    expect(encoded.choices?.[0]?.finish_reason).toBe(expected);
    expect(encoded.choices?.[0]?.message).toEqual({ role: 'assistant', content: null, refusal: null });
  });

  it('is read by the openai SDK', async () => {
    const completion = await clientAnswering(200, encodeOpenAIChatResult(result, meta)).chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.tool_calls?.[0]).toMatchObject({ id: 'toolu_1', function: { name: 'lookup' } });
  });
});

describe('encodeOpenAIError', () => {
  it.each([
    ['invalid_request', 400, 'invalid_request_error'],
    ['authentication_required', 401, 'authentication_error'],
    ['policy_denied', 403, 'permission_error'],
    ['model_not_found', 404, 'not_found_error'],
    ['payload_too_large', 413, 'invalid_request_error'],
    ['rate_limited', 429, 'rate_limit_error'],
    ['budget_exceeded', 429, 'insufficient_quota'],
    ['upstream_error', 502, 'server_error'],
    ['no_healthy_candidate', 503, 'server_error'],
    ['upstream_timeout', 504, 'server_error'],
  ] as const)('maps %s to %i %s', (code, status, type) => {
    const encoded = encodeOpenAIError(new GatewayError(code));
    expect(encoded.status).toBe(status);
    expect(encoded.body.error).toMatchObject({ type, code, param: null });
    expect(encoded.headers['content-type']).toBe('application/json');
  });

  it('carries param, retry-after and x-should-retry', () => {
    const encoded = encodeOpenAIError(new GatewayError('rate_limited', { retryAfterSeconds: 7, param: 'model' }));
    expect(encoded.headers).toMatchObject({ 'retry-after': '7', 'x-should-retry': 'true' });
    expect(encoded.body.error.param).toBe('model');
    expect(encodeOpenAIError(new GatewayError('budget_exceeded')).headers['x-should-retry']).toBe('false');
  });

  it('becomes the matching APIError subclass in the openai SDK', async () => {
    const encoded = encodeOpenAIError(new GatewayError('invalid_request', { param: 'messages[0].role', message: 'Bad role.' }));
    const error = await clientAnswering(encoded.status, encoded.body, encoded.headers)
      .chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', param: 'messages[0].role', type: 'invalid_request_error' });
    expect((error as Error).message).toBe('400 Bad role.');
  });
});

describe('encodeOpenAIEmbeddingResult', () => {
  const result = { model: 'm', embeddings: [[0.5, -1.25, 3], [0, 0.125, -2]], usage: { inputTokens: 9 } };

  it('writes float vectors in order with usage', () => {
    expect(encodeOpenAIEmbeddingResult(result, 'text-embedding-3-small')).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.5, -1.25, 3] },
        { object: 'embedding', index: 1, embedding: [0, 0.125, -2] },
      ],
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 9, total_tokens: 9 },
    });
  });

  it('writes base64 float32 that the openai SDK decodes back to the vectors', async () => {
    const body = encodeOpenAIEmbeddingResult(result, 'text-embedding-3-small', 'base64');
    expect(typeof body.data[0]?.embedding).toBe('string');
    // Without encoding_format the SDK asks for base64 and decodes it itself.
    const decoded = await clientAnswering(200, body).embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
    expect(decoded.data.map((item) => item.embedding)).toEqual(result.embeddings);
  });
});

describe('encodeOpenAIModelList', () => {
  it('writes the models list', () => {
    expect(encodeOpenAIModelList([{ id: 'gpt-4o', ownedBy: 'openai', created: 1715367049 }, { id: 'auto', ownedBy: 'sovereign' }])).toEqual({
      object: 'list',
      data: [
        { id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'openai' },
        { id: 'auto', object: 'model', created: 0, owned_by: 'sovereign' },
      ],
    });
  });
});
