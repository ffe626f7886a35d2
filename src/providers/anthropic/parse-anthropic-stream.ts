import type { StreamPart } from '../../core/canonical/stream-part.ts';
import type { Warning } from '../../core/canonical/result.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { ServerSentEvent } from '../../core/wire/sse-decoder.ts';
import { toConnectionError } from '../shared/http-client.ts';
import type { AnthropicStreamEvent, AnthropicUsage } from './anthropic-wire-types.ts';
import { fromAnthropicUsage } from './from-anthropic-usage.ts';
import { gatewayCodeForAnthropicErrorType } from './map-anthropic-error-type.ts';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';

export interface ParseAnthropicStreamOptions {
  providerId: string;
  /** Warnings from the request conversion, reported in `stream-start`. */
  warnings: Warning[];
}

/**
 * Anthropic's streaming events to canonical stream parts:
 * `message_start` gives `stream-start` and a `usage` part (input and cache tokens); text blocks give `text-delta`;
 * `tool_use` blocks give `tool-input-start` / `-delta` / `-end` (numbered 0, 1, ... in the order they start);
 * thinking blocks give `reasoning-delta` (`thinking_delta`) and `reasoning-signature` (`signature_delta`), redacted
 * thinking one `reasoning-redacted`;
 * `message_delta` carries the stop reason and output tokens, and `message_stop` ends with `finish`. `ping` and
 * unknown (newer) events are skipped.
 *
 * Never throws: an `error` event becomes an `error` part mapped through the catalogue (`overloaded_error` to
 * `upstream_overloaded`, ...), a data line that is not JSON becomes `upstream_bad_response`, a broken connection
 * `upstream_connection`, and a stream that ends before `message_stop` becomes `stream_truncated`. No `finish` part
 * follows any of these.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export async function* parseAnthropicStream(events: AsyncIterable<ServerSentEvent>, options: ParseAnthropicStreamOptions): AsyncGenerator<StreamPart> {
  const state = new AnthropicStreamState(options);
  try {
    for await (const event of events) {
      if (event.event === 'ping') continue;
      let parsed: AnthropicStreamEvent;
      try {
        parsed = JSON.parse(event.data) as AnthropicStreamEvent;
      } catch (error) {
        yield { type: 'error', error: badResponse(options.providerId, `an event that is not JSON (${event.event ?? 'unnamed'})`, error) };
        return;
      }
      if (typeof parsed !== 'object' || parsed === null) {
        yield { type: 'error', error: badResponse(options.providerId, 'an event that is not a JSON object') };
        return;
      }
      const parts = state.next(parsed);
      yield* parts;
      if (state.done) return;
    }
  } catch (error) {
    yield { type: 'error', error: toConnectionError(error) };
    return;
  }
  yield { type: 'error', error: new GatewayError('stream_truncated', { details: { provider: options.providerId } }) };
}

function badResponse(providerId: string, what: string, cause?: unknown): GatewayError {
  return new GatewayError('upstream_bad_response', {
    message: `Provider ${providerId} streamed ${what}.`,
    cause,
    details: { provider: providerId },
  });
}

class AnthropicStreamState {
  done = false;
  private started = false;
  private readonly toolIndexByBlock = new Map<number, number>();
  private usage: Partial<AnthropicUsage> = {};
  private stopReason: string | null = null;

  constructor(private readonly options: ParseAnthropicStreamOptions) {}

  next(event: AnthropicStreamEvent): StreamPart[] {
    const parts: StreamPart[] = [];
    if (!this.started && event.type !== 'error') {
      this.started = true;
      const message = event.type === 'message_start' ? event.message : undefined;
      const start: StreamPart = { type: 'stream-start', warnings: this.options.warnings };
      if (typeof message?.id === 'string') start.id = message.id;
      if (typeof message?.model === 'string') start.model = message.model;
      parts.push(start);
    }
    switch (event.type) {
      case 'message_start': {
        this.usage = { ...event.message?.usage };
        const usage = fromAnthropicUsage(this.usage);
        const partial: StreamPart = { type: 'usage', usage: { inputTokens: usage.inputTokens } };
        if (usage.cachedInputTokens !== undefined) partial.usage.cachedInputTokens = usage.cachedInputTokens;
        if (usage.cacheWriteTokens !== undefined) partial.usage.cacheWriteTokens = usage.cacheWriteTokens;
        parts.push(partial);
        break;
      }
      case 'content_block_start':
        this.blockStart(event, parts);
        break;
      case 'content_block_delta': {
        const delta = event.delta;
        if (delta?.type === 'text_delta' && typeof delta.text === 'string' && delta.text !== '') parts.push({ type: 'text-delta', delta: delta.text });
        else if (delta?.type === 'thinking_delta' && typeof delta.thinking === 'string' && delta.thinking !== '') parts.push({ type: 'reasoning-delta', delta: delta.thinking });
        else if (delta?.type === 'signature_delta' && typeof delta.signature === 'string') parts.push({ type: 'reasoning-signature', signature: delta.signature });
        else if (delta?.type === 'input_json_delta' && typeof delta.partial_json === 'string' && delta.partial_json !== '') {
          const index = this.toolIndexByBlock.get(event.index);
          if (index !== undefined) parts.push({ type: 'tool-input-delta', index, delta: delta.partial_json });
        }
        break;
      }
      case 'content_block_stop': {
        const index = this.toolIndexByBlock.get(event.index);
        if (index !== undefined) parts.push({ type: 'tool-input-end', index });
        break;
      }
      case 'message_delta':
        if (event.delta && 'stop_reason' in event.delta) this.stopReason = event.delta.stop_reason;
        for (const [key, value] of Object.entries(event.usage ?? {})) if (value !== null && value !== undefined) this.usage[key] = value;
        break;
      case 'message_stop':
        parts.push({ type: 'finish', finishReason: mapAnthropicStopReason(this.stopReason), usage: fromAnthropicUsage(this.usage) });
        this.done = true;
        break;
      case 'error': {
        const type = typeof event.error?.type === 'string' ? event.error.type : 'api_error';
        const detail = typeof event.error?.message === 'string' ? `: ${event.error.message.slice(0, 300)}` : '.';
        parts.push({
          type: 'error',
          error: new GatewayError(gatewayCodeForAnthropicErrorType(type), {
            message: `Provider ${this.options.providerId} reported ${type} mid-stream${detail}`,
            details: { provider: this.options.providerId, upstreamType: type },
          }),
        });
        this.done = true;
        break;
      }
    }
    return parts;
  }

  private blockStart(event: Extract<AnthropicStreamEvent, { type: 'content_block_start' }>, parts: StreamPart[]): void {
    const block = event.content_block as Record<string, unknown> | undefined;
    if (block?.type === 'text' && typeof block.text === 'string' && block.text !== '') parts.push({ type: 'text-delta', delta: block.text });
    if (block?.type === 'thinking' && typeof block.thinking === 'string' && block.thinking !== '') parts.push({ type: 'reasoning-delta', delta: block.thinking });
    if (block?.type === 'redacted_thinking' && typeof block.data === 'string') parts.push({ type: 'reasoning-redacted', data: block.data });
    if (block?.type !== 'tool_use' || typeof block.id !== 'string' || typeof block.name !== 'string') return;
    const index = this.toolIndexByBlock.size;
    this.toolIndexByBlock.set(event.index, index);
    parts.push({ type: 'tool-input-start', index, id: block.id, name: block.name });
    const input = block.input;
    if (typeof input === 'object' && input !== null && Object.keys(input).length > 0) {
      parts.push({ type: 'tool-input-delta', index, delta: JSON.stringify(input) });
    }
  }
}
