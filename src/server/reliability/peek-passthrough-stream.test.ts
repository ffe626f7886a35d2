import { describe, expect, it } from 'vitest';
import type { PassthroughResponse } from '../../core/provider/adapter.ts';
import { untilFirstPassthroughContent } from './peek-passthrough-stream.ts';

const encoder = new TextEncoder();

function response(frames: string[]): PassthroughResponse & { cancelled: () => boolean } {
  let cancelled = false;
  return {
    status: 200,
    headers: {},
    body: (async function* () {
      for (const frame of frames) yield encoder.encode(frame);
    })(),
    cancel: () => void (cancelled = true),
    cancelled: () => cancelled,
  };
}

async function text(body: AsyncIterable<Uint8Array>): Promise<string> {
  let all = '';
  for await (const chunk of body) all += new TextDecoder().decode(chunk);
  return all;
}

const openAIRole = 'data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n';
const openAIText = 'data: {"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}\n\n';
const anthropicStart = 'event: message_start\ndata: {"type":"message_start","message":{}}\n\nevent: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n';
const anthropicDelta = 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n';

describe('untilFirstPassthroughContent', () => {
  it.each([
    ['openai', [openAIRole, openAIText, 'data: [DONE]\n\n']],
    ['anthropic', [anthropicStart, anthropicDelta, 'event: message_stop\ndata: {"type":"message_stop"}\n\n']],
  ] as const)('passes a %s stream on byte for byte once content arrived', async (dialect, frames) => {
    const checked = await untilFirstPassthroughContent(response([...frames]), dialect, 'p');
    expect(await text(checked.body)).toBe(frames.join(''));
  });

  it.each([
    ['openai', 'a stream that ends before content', [openAIRole], 'stream_truncated'],
    ['openai', 'a chunk that is not JSON', [openAIRole, 'data: {"choices": nope\n\n'], 'upstream_bad_response'],
    ['openai', 'an error object', ['data: {"error":{"message":"boom"}}\n\n'], 'upstream_error'],
    ['anthropic', 'a stream that ends before content', [anthropicStart], 'stream_truncated'],
    ['anthropic', 'an overloaded error event', [anthropicStart, 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"busy"}}\n\n'], 'upstream_overloaded'],
  ] as const)('turns %s: %s into a retryable %s', async (dialect, _name, frames, code) => {
    const upstream = response([...frames]);
    const failure = await untilFirstPassthroughContent(upstream, dialect, 'p').catch((error: unknown) => error);
    expect(failure).toMatchObject({ code, retryable: true });
  });

  it('cancels the upstream when it gives up on it', async () => {
    const upstream = response([openAIRole, 'data: {"error":{"message":"boom"}}\n\n']);
    await expect(untilFirstPassthroughContent(upstream, 'openai', 'p')).rejects.toMatchObject({ code: 'upstream_error' });
    expect(upstream.cancelled()).toBe(true);
  });
});
