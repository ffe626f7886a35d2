import { describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import type { StreamPart } from '../../../core/canonical/stream-part.ts';
import { GatewayError } from '../../../core/errors/gateway-error.ts';
import { decodeSse } from '../../../core/wire/sse-decoder.ts';
import { encodeAnthropicStream } from './encode-anthropic-stream.ts';

const meta = { id: 'msg_gateway_1', model: 'gateway-test-model' };

async function* from(parts: StreamPart[]): AsyncGenerator<StreamPart> {
  for (const part of parts) yield part;
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<string> {
  let text = '';
  for await (const frames of encodeAnthropicStream(parts, meta)) text += frames;
  return text;
}

async function events(text: string): Promise<Array<{ event?: string; data: Record<string, unknown> }>> {
  const result: Array<{ event?: string; data: Record<string, unknown> }> = [];
  const bytes = new TextEncoder().encode(text);
  async function* body() {
    yield bytes;
  }
  for await (const event of decodeSse(body())) result.push({ event: event.event, data: JSON.parse(event.data) as Record<string, unknown> });
  return result;
}

/** Feeds SSE text to the official SDK through a fake fetch and returns its accumulated final message. */
function sdkStream(sse: string) {
  const client = new Anthropic({
    apiKey: 'test-key',
    baseURL: 'http://127.0.0.1:9',
    maxRetries: 0,
    fetch: async () => new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream', 'request-id': 'req_1' } }),
  });
  return client.messages.stream({ model: meta.model, max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
}

const toolTurn: StreamPart[] = [
  { type: 'stream-start', id: 'upstream', warnings: [] },
  { type: 'usage', usage: { inputTokens: 1500, cachedInputTokens: 1000, cacheWriteTokens: 100 } },
  { type: 'text-delta', delta: 'Let me ' },
  { type: 'text-delta', delta: 'check.' },
  { type: 'tool-input-start', index: 0, id: 'toolu_a', name: 'get_weather' },
  { type: 'tool-input-delta', index: 0, delta: '{"city":' },
  { type: 'tool-input-delta', index: 0, delta: '"Paris"}' },
  { type: 'tool-input-end', index: 0 },
  { type: 'tool-input-start', index: 1, id: 'toolu_b', name: 'get_time' },
  { type: 'tool-input-delta', index: 1, delta: '{}' },
  { type: 'tool-input-end', index: 1 },
  { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_use' }, usage: { inputTokens: 1500, outputTokens: 42, cachedInputTokens: 1000, cacheWriteTokens: 100 } },
];

describe('encodeAnthropicStream', () => {
  it('emits the full event sequence with consecutive block indexes', async () => {
    const sequence = await events(await collect(from(toolTurn)));
    expect(sequence.every((event) => event.event === event.data.type)).toBe(true);
    expect(sequence.map((event) => `${event.event}${event.data.index === undefined ? '' : `:${String(event.data.index)}`}`)).toEqual([
      'message_start',
      'ping',
      'content_block_start:0',
      'content_block_delta:0',
      'content_block_delta:0',
      'content_block_stop:0',
      'content_block_start:1',
      'content_block_delta:1',
      'content_block_delta:1',
      'content_block_stop:1',
      'content_block_start:2',
      'content_block_delta:2',
      'content_block_stop:2',
      'message_delta',
      'message_stop',
    ]);
    expect(sequence[0]?.data).toEqual({
      type: 'message_start',
      message: {
        id: meta.id,
        type: 'message',
        role: 'assistant',
        model: meta.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 400, output_tokens: 0, cache_read_input_tokens: 1000, cache_creation_input_tokens: 100 },
      },
    });
    expect(sequence.at(-2)?.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 400, output_tokens: 42, cache_read_input_tokens: 1000, cache_creation_input_tokens: 100 },
    });
  });

  it('is read by the official SDK into the same message, tool inputs included', async () => {
    const message = await sdkStream(await collect(from(toolTurn))).finalMessage();
    expect(message.id).toBe(meta.id);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'toolu_a', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'toolu_b', name: 'get_time', input: {} },
    ]);
    expect(message.usage.output_tokens).toBe(42);
    expect(message.usage.input_tokens).toBe(400);
    expect(message.usage.cache_read_input_tokens).toBe(1000);
  });

  it('gives the SDK a text answer and its text events', async () => {
    const parts: StreamPart[] = [
      { type: 'stream-start', warnings: [] },
      { type: 'text-delta', delta: 'Hello' },
      { type: 'text-delta', delta: '' },
      { type: 'text-delta', delta: ', world' },
      { type: 'finish', finishReason: { unified: 'length', raw: 'length' }, usage: { inputTokens: 3, outputTokens: 2 } },
    ];
    const stream = sdkStream(await collect(from(parts)));
    const texts: string[] = [];
    stream.on('text', (delta) => texts.push(delta));
    const message = await stream.finalMessage();
    expect(texts).toEqual(['Hello', ', world']);
    expect(message.content).toEqual([{ type: 'text', text: 'Hello, world' }]);
    expect(message.stop_reason).toBe('max_tokens');
  });

  it('turns an error part into an error event that the SDK raises with its type', async () => {
    const parts: StreamPart[] = [
      { type: 'stream-start', warnings: [] },
      { type: 'text-delta', delta: 'Once' },
      { type: 'error', error: new GatewayError('upstream_overloaded') },
      { type: 'text-delta', delta: 'never sent' },
    ];
    const text = await collect(from(parts));
    expect(text).not.toContain('message_stop');
    expect(text).not.toContain('never sent');
    expect(text.endsWith('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"The provider is overloaded."}}\n\n')).toBe(true);
    const failure = await sdkStream(text).finalMessage().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect((failure as InstanceType<typeof Anthropic.APIError>).type).toBe('overloaded_error');
  });

  it('ends a truncated input (no finish) with an error event, never message_stop', async () => {
    const text = await collect(from([{ type: 'stream-start', warnings: [] }, { type: 'text-delta', delta: 'cut' }]));
    const sequence = await events(text);
    expect(sequence.map((event) => event.event)).toEqual(['message_start', 'ping', 'content_block_start', 'content_block_delta', 'error']);
    expect(sequence.at(-1)?.data).toEqual({ type: 'error', error: { type: 'api_error', message: 'The provider stream ended before it was complete.' } });
    await expect(sdkStream(text).finalMessage()).rejects.toBeInstanceOf(Anthropic.APIError);
  });

  it('turns a failing input into an error event without exposing the failure', async () => {
    async function* failing(): AsyncGenerator<StreamPart> {
      yield { type: 'text-delta', delta: 'a' };
      throw new Error('secret internal detail');
    }
    const text = await collect(failing());
    expect(text).toContain('event: error');
    expect(text).not.toContain('secret internal detail');
  });

  it('answers an empty but finished stream with a complete message', async () => {
    const message = await sdkStream(await collect(from([{ type: 'finish', finishReason: { unified: 'stop' }, usage: { inputTokens: 1, outputTokens: 0 } }]))).finalMessage();
    expect(message.content).toEqual([]);
    expect(message.stop_reason).toBe('end_turn');
  });

  it('stops reading its input when the consumer stops', async () => {
    let closed = false;
    async function* endless(): AsyncGenerator<StreamPart> {
      try {
        for (;;) yield { type: 'text-delta', delta: 'x' };
      } finally {
        closed = true;
      }
    }
    const iterator = encodeAnthropicStream(endless(), meta);
    await iterator.next();
    await iterator.return(undefined);
    expect(closed).toBe(true);
  });
});
