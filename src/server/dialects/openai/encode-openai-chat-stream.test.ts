import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import type { StreamPart } from '../../../core/canonical/stream-part.ts';
import { GatewayError } from '../../../core/errors/gateway-error.ts';
import { encodeOpenAIChatStream, type OpenAIStreamMeta } from './encode-openai-chat-stream.ts';

const meta: OpenAIStreamMeta = { id: 'chatcmpl-sov1', created: 1_700_000_000, model: 'gpt-4o-mini', includeUsage: true };
const usage = { inputTokens: 12, outputTokens: 7, cachedInputTokens: 4 };

const textParts: StreamPart[] = [
  { type: 'stream-start', warnings: [] },
  { type: 'text-delta', delta: 'Hel' },
  { type: 'text-delta', delta: 'lo "world"' },
  { type: 'finish', finishReason: { unified: 'stop', raw: 'end_turn' }, usage },
];

const toolParts: StreamPart[] = [
  { type: 'stream-start', warnings: [] },
  { type: 'tool-input-start', index: 0, id: 'call_a', name: 'get_weather' },
  { type: 'tool-input-delta', index: 0, delta: '{"city":' },
  { type: 'tool-input-start', index: 1, id: 'call_b', name: 'get_time' },
  { type: 'tool-input-delta', index: 0, delta: '"Paris"}' },
  { type: 'tool-input-delta', index: 1, delta: '{}' },
  { type: 'tool-input-end', index: 0 },
  { type: 'tool-input-end', index: 1 },
  { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_use' }, usage },
];

async function* from(parts: StreamPart[], thenThrow?: unknown): AsyncGenerator<StreamPart> {
  for (const part of parts) yield part;
  if (thenThrow !== undefined) throw thenThrow;
}

async function encode(parts: AsyncIterable<StreamPart>, streamMeta = meta): Promise<string[]> {
  const frames: string[] = [];
  for await (const frame of encodeOpenAIChatStream(parts, streamMeta)) frames.push(frame);
  return frames;
}

function payloads(frames: string[]): unknown[] {
  return frames.map((frame) => {
    expect(frame).toMatch(/^data: .*\n\n$/s);
    const data = frame.slice('data: '.length, -2);
    return data === '[DONE]' ? '[DONE]' : (JSON.parse(data) as unknown);
  });
}

/** An OpenAI SDK client whose fetch answers with the given SSE frames, so the SDK's own parser reads our output. */
function clientFor(frames: string[]): OpenAI {
  return new OpenAI({
    apiKey: 'test',
    baseURL: 'http://gateway.invalid/v1',
    maxRetries: 0,
    fetch: async () => {
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const frame of frames) controller.enqueue(encoder.encode(frame));
          controller.close();
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    },
  });
}

const envelope = { id: 'chatcmpl-sov1', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'gpt-4o-mini' };

describe('encodeOpenAIChatStream: chunk shapes', () => {
  it('writes role, content, finish, usage and [DONE] exactly as OpenAI does', async () => {
    expect(payloads(await encode(from(textParts)))).toEqual([
      { ...envelope, choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }], usage: null },
      { ...envelope, choices: [{ index: 0, delta: { content: 'Hel' }, logprobs: null, finish_reason: null }], usage: null },
      { ...envelope, choices: [{ index: 0, delta: { content: 'lo "world"' }, logprobs: null, finish_reason: null }], usage: null },
      { ...envelope, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], usage: null },
      { ...envelope, choices: [], usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19, prompt_tokens_details: { cached_tokens: 4 } } },
      '[DONE]',
    ]);
  });

  it('leaves usage out entirely without include_usage', async () => {
    const decoded = payloads(await encode(from(textParts), { ...meta, includeUsage: false }));
    expect(decoded).toHaveLength(5);
    expect(decoded[0]).not.toHaveProperty('usage');
    expect(decoded[3]).toMatchObject({ choices: [{ finish_reason: 'stop' }] });
    expect(decoded[4]).toBe('[DONE]');
  });

  it('writes tool call deltas: id, type and name first, then argument fragments', async () => {
    const decoded = payloads(await encode(from(toolParts))) as Array<{ choices: Array<{ delta: unknown; finish_reason: unknown }> }>;
    expect(decoded.slice(1, 6).map((chunk) => chunk.choices[0]?.delta)).toEqual([
      { tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] },
      { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] },
      { tool_calls: [{ index: 1, function: { arguments: '{}' } }] },
    ]);
    expect(decoded[6]?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('ends with an error frame and no [DONE] on an error part', async () => {
    const error = new GatewayError('upstream_overloaded', { message: 'Provider p is overloaded.' });
    const frames = await encode(from([textParts[0]!, textParts[1]!, { type: 'error', error }, textParts[2]!]));
    expect(payloads(frames).at(-1)).toEqual({ error: { message: 'Provider p is overloaded.', type: 'server_error', param: null, code: 'upstream_overloaded' } });
    expect(frames).toHaveLength(3);
    expect(frames.join('')).not.toContain('[DONE]');
  });

  it('ends a source without finish with a stream_truncated error frame', async () => {
    const frames = await encode(from(textParts.slice(0, 2)));
    expect(payloads(frames).at(-1)).toMatchObject({ error: { code: 'stream_truncated', type: 'server_error' } });
    expect(frames.join('')).not.toContain('[DONE]');
  });

  it('turns a throwing source into an internal_error frame without its message', async () => {
    const frames = await encode(from(textParts.slice(0, 2), new Error('secret detail')));
    expect(payloads(frames).at(-1)).toMatchObject({ error: { code: 'internal_error' } });
    expect(frames.join('')).not.toContain('secret detail');
  });
});

describe('encodeOpenAIChatStream: read by the openai SDK', () => {
  it('assembles text and usage through ChatCompletionStream', async () => {
    const frames = await encode(from(textParts));
    const stream = clientFor(frames).chat.completions.stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream_options: { include_usage: true } });
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0]?.message.content).toBe('Hello "world"');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 });
  });

  it('assembles parallel tool calls', async () => {
    const frames = await encode(from(toolParts));
    const completion = await clientFor(frames)
      .chat.completions.stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .finalChatCompletion();
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.tool_calls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } },
    ]);
  });

  it.each([
    ['an error part', [textParts[0]!, textParts[1]!, { type: 'error', error: new GatewayError('upstream_timeout') } as StreamPart], 'upstream_timeout'],
    ['a truncated source', textParts.slice(0, 2), 'stream_truncated'],
  ])('makes the SDK raise an APIError for %s', async (_name, parts, code) => {
    const frames = await encode(from(parts));
    const stream = await clientFor(frames).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const seen: string[] = [];
    let caught: unknown;
    try {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    } catch (error) {
      caught = error;
    }
    expect(seen.join('')).toBe('Hel');
    expect(caught).toBeInstanceOf(OpenAI.APIError);
    expect((caught as InstanceType<typeof OpenAI.APIError>).code).toBe(code);
  });
});
