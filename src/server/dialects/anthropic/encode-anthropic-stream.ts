import type { Usage } from '../../../core/canonical/result.ts';
import type { StreamPart } from '../../../core/canonical/stream-part.ts';
import { GatewayError } from '../../../core/errors/gateway-error.ts';
import { toAnthropicStopReason } from '../../../providers/anthropic/map-anthropic-stop-reason.ts';
import { toAnthropicUsage } from '../../../providers/anthropic/to-anthropic-usage.ts';
import { anthropicSseFrame } from './anthropic-sse-frame.ts';
import { anthropicErrorBody } from './encode-anthropic-error.ts';

type OpenBlock = { kind: 'text'; index: number } | { kind: 'thinking'; index: number } | { kind: 'tool'; index: number; toolIndex: number };

/**
 * Canonical stream parts as Anthropic's streaming events, one string of complete SSE frames per part:
 * `message_start` (sent at the first `usage` or content part, so with the input tokens when the provider reports
 * them first, as Anthropic does), `ping`, then per content block
 * `content_block_start` / `content_block_delta` (`text_delta`, `thinking_delta`, `signature_delta`, `input_json_delta`)
 * / `content_block_stop` with
 * consecutive indexes (an open block is closed before the next opens), and at `finish` `message_delta` (stop reason
 * and cumulative usage) and `message_stop`.
 *
 * An `error` part, a failing input and an input that ends without `finish` (a truncated upstream) all end the
 * stream with an `event: error` and never with `message_stop`, so the client cannot mistake a cut answer for a
 * complete one. Never throws.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export async function* encodeAnthropicStream(parts: AsyncIterable<StreamPart>, meta: { id: string; model: string }): AsyncGenerator<string> {
  const encoder = new AnthropicStreamEncoder(meta);
  try {
    for await (const part of parts) {
      const frames = encoder.next(part);
      if (frames !== '') yield frames;
      if (encoder.done) return;
    }
  } catch (error) {
    yield encoder.error(GatewayError.from(error));
    return;
  }
  yield encoder.error(new GatewayError('stream_truncated'));
}

class AnthropicStreamEncoder {
  done = false;
  private started = false;
  private usage: Partial<Usage> = {};
  private nextIndex = 0;
  private open: OpenBlock | undefined;
  private readonly toolBlocks = new Map<number, number>();

  constructor(private readonly meta: { id: string; model: string }) {}

  next(part: StreamPart): string {
    switch (part.type) {
      case 'stream-start':
        return '';
      case 'usage':
        // Anthropic upstreams report input tokens right at the start: answer with message_start at once.
        Object.assign(this.usage, part.usage);
        return this.start();
      case 'text-delta': {
        if (part.delta === '') return '';
        let frames = this.start();
        if (this.open?.kind !== 'text') frames += this.openBlock({ kind: 'text', index: this.nextIndex }, { type: 'text', text: '' });
        return frames + this.delta(this.nextIndex - 1, { type: 'text_delta', text: part.delta });
      }
      case 'reasoning-delta': {
        if (part.delta === '') return '';
        let frames = this.start();
        if (this.open?.kind !== 'thinking') frames += this.openBlock({ kind: 'thinking', index: this.nextIndex }, { type: 'thinking', thinking: '', signature: '' });
        return frames + this.delta(this.nextIndex - 1, { type: 'thinking_delta', thinking: part.delta });
      }
      case 'reasoning-signature': {
        // The signature ends its thinking block (a signature alone, as with omitted thinking, gets a block of its own).
        let frames = this.start();
        if (this.open?.kind !== 'thinking') frames += this.openBlock({ kind: 'thinking', index: this.nextIndex }, { type: 'thinking', thinking: '', signature: '' });
        return frames + this.delta(this.nextIndex - 1, { type: 'signature_delta', signature: part.signature }) + this.closeBlock();
      }
      case 'reasoning-redacted': {
        const frames = this.start() + this.openBlock({ kind: 'thinking', index: this.nextIndex }, { type: 'redacted_thinking', data: part.data });
        return frames + this.closeBlock();
      }
      case 'tool-input-start': {
        if (this.toolBlocks.has(part.index)) return '';
        const frames = this.start();
        this.toolBlocks.set(part.index, this.nextIndex);
        return frames + this.openBlock({ kind: 'tool', index: this.nextIndex, toolIndex: part.index }, { type: 'tool_use', id: part.id, name: part.name, input: {} });
      }
      case 'tool-input-delta': {
        const index = this.toolBlocks.get(part.index);
        if (index === undefined || part.delta === '') return '';
        return this.delta(index, { type: 'input_json_delta', partial_json: part.delta });
      }
      case 'tool-input-end':
        return this.open?.kind === 'tool' && this.open.toolIndex === part.index ? this.closeBlock() : '';
      case 'finish': {
        this.done = true;
        const usage = toAnthropicUsage({
          inputTokens: part.usage.inputTokens || this.usage.inputTokens || 0,
          outputTokens: part.usage.outputTokens || this.usage.outputTokens || 0,
          cachedInputTokens: part.usage.cachedInputTokens ?? this.usage.cachedInputTokens ?? 0,
          cacheWriteTokens: part.usage.cacheWriteTokens ?? this.usage.cacheWriteTokens ?? 0,
        });
        return (
          this.start() +
          this.closeBlock() +
          anthropicSseFrame('message_delta', {
            type: 'message_delta',
            delta: { stop_reason: toAnthropicStopReason(part.finishReason), stop_sequence: null },
            usage,
          }) +
          anthropicSseFrame('message_stop', { type: 'message_stop' })
        );
      }
      case 'error':
        return this.error(part.error);
    }
  }

  error(error: GatewayError): string {
    this.done = true;
    return anthropicSseFrame('error', anthropicErrorBody(error));
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    const message = {
      id: this.meta.id,
      type: 'message',
      role: 'assistant',
      model: this.meta.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: toAnthropicUsage({ ...this.usage, outputTokens: this.usage.outputTokens ?? 0 }),
    };
    return anthropicSseFrame('message_start', { type: 'message_start', message }) + anthropicSseFrame('ping', { type: 'ping' });
  }

  private openBlock(block: OpenBlock, contentBlock: Record<string, unknown>): string {
    const frames = this.closeBlock();
    this.open = block;
    this.nextIndex = block.index + 1;
    return frames + anthropicSseFrame('content_block_start', { type: 'content_block_start', index: block.index, content_block: contentBlock });
  }

  private closeBlock(): string {
    if (this.open === undefined) return '';
    const index = this.open.index;
    this.open = undefined;
    return anthropicSseFrame('content_block_stop', { type: 'content_block_stop', index });
  }

  private delta(index: number, delta: Record<string, unknown>): string {
    return anthropicSseFrame('content_block_delta', { type: 'content_block_delta', index, delta });
  }
}
