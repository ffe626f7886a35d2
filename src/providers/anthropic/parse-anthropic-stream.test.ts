import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { decodeSse } from '../../core/wire/sse-decoder.ts';
import { bytes } from '../shared/test-support/bytes.ts';
import { collect } from '../shared/test-support/collect.ts';
import { fixtureReader } from '../shared/test-support/fixture-reader.ts';
import { parseAnthropicStream } from './parse-anthropic-stream.ts';

const fixture = fixtureReader(new URL('./__fixtures__/', import.meta.url));

function parse(body: AsyncIterable<Uint8Array>): Promise<StreamPart[]> {
  return collect(parseAnthropicStream(decodeSse(body), { providerId: 'anthropic-test', warnings: [] }));
}

describe('parseAnthropicStream', () => {
  it('parses the documented text stream', async () => {
    expect(await parse(bytes(fixture('stream-text.sse')))).toEqual([
      { type: 'stream-start', id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY', model: 'claude-sonnet-4-5-20250929', warnings: [] },
      { type: 'usage', usage: { inputTokens: 25 } },
      { type: 'text-delta', delta: 'Hello' },
      { type: 'text-delta', delta: '!' },
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'end_turn' },
        usage: { inputTokens: 25, outputTokens: 15, raw: { input_tokens: 25, output_tokens: 15 } },
      },
    ]);
  });

  it('parses the documented tool-use stream, whatever the chunking', async () => {
    const text = fixture('stream-tool-use.sse');
    const whole = await parse(bytes(text));
    const byteWise = await parse(bytes(...text.match(/[\s\S]{1,7}/g)!));
    expect(byteWise).toEqual(whole);
    const arguments_ = whole.filter((part) => part.type === 'tool-input-delta').map((part) => part.delta).join('');
    expect(JSON.parse(arguments_)).toEqual({ location: 'San Francisco, CA', unit: 'fahrenheit' });
    expect(whole.filter((part) => part.type !== 'tool-input-delta' && part.type !== 'text-delta')).toEqual([
      expect.objectContaining({ type: 'stream-start' }),
      { type: 'usage', usage: { inputTokens: 472 } },
      { type: 'tool-input-start', index: 0, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather' },
      { type: 'tool-input-end', index: 0 },
      expect.objectContaining({ type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_use' }, usage: expect.objectContaining({ inputTokens: 472, outputTokens: 89 }) }),
    ]);
    expect(whole.filter((part) => part.type === 'text-delta').map((part) => part.delta).join('')).toBe("Okay, let's check the weather for San Francisco, CA:");
  });

  it('maps a mid-stream overloaded_error to an upstream_overloaded error part and no finish', async () => {
    const parts = await parse(bytes(fixture('stream-error-overloaded.sse')));
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    const error = (last as Extract<StreamPart, { type: 'error' }>).error;
    expect(GatewayError.isInstance(error)).toBe(true);
    expect(error.code).toBe('upstream_overloaded');
    expect(error.retryable).toBe(true);
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
    expect(parts.filter((part) => part.type === 'text-delta')).toEqual([{ type: 'text-delta', delta: 'Once upon' }]);
  });

  it('adds cache tokens to the input and reports them', async () => {
    const parts = await parse(
      bytes(
        'event: message_start\ndata: {"type":"message_start","message":{"id":"m","model":"c","content":[],"usage":{"input_tokens":10,"cache_read_input_tokens":1000,"cache_creation_input_tokens":200,"output_tokens":1}}}\n\n',
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":7,"input_tokens":10,"cache_read_input_tokens":1000,"cache_creation_input_tokens":200}}\n\n',
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
      ),
    );
    expect(parts[1]).toEqual({ type: 'usage', usage: { inputTokens: 1210, cachedInputTokens: 1000, cacheWriteTokens: 200 } });
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'length', raw: 'max_tokens' }, usage: { inputTokens: 1210, outputTokens: 7, cachedInputTokens: 1000, cacheWriteTokens: 200 } });
  });

  it('turns thinking blocks into reasoning parts with their signature, and skips unknown events', async () => {
    const parts = await parse(
      bytes(
        'event: message_start\ndata: {"type":"message_start","message":{"id":"m","model":"c","content":[],"usage":{"input_tokens":1,"output_tokens":1}}}\n\n',
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}\n\n',
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}\n\n',
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCkYIAxgC"}}\n\n',
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
        'event: content_block_start\ndata: {"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"EmwKAhgBEgy3"}}\n\n',
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":1}\n\n',
        'event: brand_new_event\ndata: {"type":"brand_new_event"}\n\n',
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}}\n\n',
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
      ),
    );
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'usage', 'reasoning-delta', 'reasoning-signature', 'reasoning-redacted', 'finish']);
    expect(parts[2]).toEqual({ type: 'reasoning-delta', delta: 'hmm' });
    expect(parts[3]).toEqual({ type: 'reasoning-signature', signature: 'EqQBCkYIAxgC' });
    expect(parts[4]).toEqual({ type: 'reasoning-redacted', data: 'EmwKAhgBEgy3' });
  });

  it.each([
    ['a data line that is not JSON', ['event: message_start\ndata: {"type":"message_start","message":{"usage":{}}}\n\n', 'event: content_block_delta\ndata: {not json\n\n'], 'upstream_bad_response'],
    ['a data line that is JSON but not an object', ['event: message_start\ndata: 42\n\n'], 'upstream_bad_response'],
    ['a stream cut before message_stop', [fixture('stream-text.sse').split('event: message_stop')[0] as string], 'stream_truncated'],
    ['a stream cut mid-event', [fixture('stream-text.sse').slice(0, 400)], 'stream_truncated'],
    ['an empty body', [], 'stream_truncated'],
  ])('turns %s into an error part and no finish', async (_name, chunks, code) => {
    const parts = await parse(bytes(...chunks));
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code } });
  });

  it('turns a body that fails mid-way into an upstream_connection error part', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode(fixture('stream-text.sse').slice(0, 300));
      throw new Error('socket hang up');
    }
    const parts = await parse(failing());
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_connection' } });
  });
});
