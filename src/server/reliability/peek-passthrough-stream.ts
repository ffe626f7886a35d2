import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { PassthroughResponse } from '../../core/provider/adapter.ts';
import { SseDecoder, type ServerSentEvent } from '../../core/wire/sse-decoder.ts';
import { gatewayCodeForAnthropicErrorType } from '../../providers/anthropic/map-anthropic-error-type.ts';
import type { ClientDialect } from '../pipeline/context.ts';

type Verdict = 'content' | 'none' | GatewayError;

/**
 * Holds a relayed (pass-through) stream's bytes until its first content event, so a provider that fails before
 * any content (an `error` event, a chunk that is not JSON, a stream that just ends) is replaced by the next
 * candidate without the client noticing. Only the events before the first content are parsed; after it the
 * bytes flow untouched. Returns the response with a body that replays what was held; throws (after cancelling
 * the upstream) a retryable catalogued error otherwise. A response already held (what a wrapped adapter's
 * `doPassthrough` resolves with, see `withFirstContent`) is returned as it is.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export async function untilFirstPassthroughContent(response: PassthroughResponse, dialect: ClientDialect, providerId: string): Promise<PassthroughResponse> {
  if (response instanceof HeldPassthroughResponse) return response;
  const iterator = response.body[Symbol.asyncIterator]();
  const decoder = new SseDecoder();
  const held: Uint8Array[] = [];
  for (;;) {
    let step: IteratorResult<Uint8Array>;
    try {
      step = await iterator.next();
    } catch (thrown) {
      response.cancel();
      throw GatewayError.isInstance(thrown)
        ? thrown
        : new GatewayError('upstream_connection', { message: `The connection to provider ${providerId} failed before any content.`, cause: thrown });
    }
    if (step.done) {
      throw new GatewayError('stream_truncated', { message: `Provider ${providerId} ended its stream before sending anything.` });
    }
    held.push(step.value);
    for (const event of decoder.push(step.value)) {
      const verdict = dialect === 'anthropic' ? anthropicVerdict(event, providerId) : openAIVerdict(event, providerId);
      if (verdict === 'none') continue;
      if (verdict !== 'content') {
        response.cancel();
        throw verdict;
      }
      return new HeldPassthroughResponse(response, replay(held, iterator));
    }
  }
}

/** A relayed stream past its first content event: the provider's response with a body that replays what was held. */
class HeldPassthroughResponse implements PassthroughResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly cancel: () => void;

  constructor(
    upstream: PassthroughResponse,
    readonly body: AsyncIterable<Uint8Array>,
  ) {
    this.status = upstream.status;
    this.headers = upstream.headers;
    this.cancel = upstream.cancel.bind(upstream);
  }
}

function anthropicVerdict(event: ServerSentEvent, providerId: string): Verdict {
  const data = parseJson(event.data) as { content_block?: { type?: unknown }; error?: { type?: unknown; message?: unknown } } | undefined;
  if (data === undefined || typeof data !== 'object' || data === null) {
    return new GatewayError('upstream_bad_response', { message: `Provider ${providerId} sent a stream event that is not JSON.` });
  }
  switch (event.event) {
    case 'content_block_delta':
    case 'message_delta':
    case 'message_stop':
      return 'content';
    case 'content_block_start':
      // A text block starts empty; a tool call's start already names the tool.
      return data.content_block?.type === 'text' ? 'none' : 'content';
    case 'error': {
      const type = typeof data.error?.type === 'string' ? data.error.type : 'api_error';
      const detail = typeof data.error?.message === 'string' ? `: ${data.error.message.slice(0, 300)}` : '.';
      return new GatewayError(gatewayCodeForAnthropicErrorType(type), {
        message: `Provider ${providerId} failed before any content${detail}`,
        retryable: type !== 'invalid_request_error' && type !== 'request_too_large',
      });
    }
    default:
      return 'none';
  }
}

function openAIVerdict(event: ServerSentEvent, providerId: string): Verdict {
  if (event.data === '[DONE]') return 'content';
  const chunk = parseJson(event.data) as
    | { error?: unknown; usage?: unknown; choices?: Array<{ delta?: { content?: unknown; tool_calls?: unknown }; finish_reason?: unknown }> }
    | undefined;
  if (chunk === undefined || typeof chunk !== 'object' || chunk === null) {
    return new GatewayError('upstream_bad_response', { message: `Provider ${providerId} sent a stream chunk that is not JSON.` });
  }
  if (chunk.error !== undefined && chunk.error !== null) {
    return new GatewayError('upstream_error', { message: `Provider ${providerId} failed before any content.` });
  }
  const choice = chunk.choices?.[0];
  if (choice === undefined) return chunk.usage ? 'content' : 'none';
  const content = choice.delta?.content;
  if ((typeof content === 'string' && content !== '') || choice.delta?.tool_calls !== undefined) return 'content';
  return choice.finish_reason !== undefined && choice.finish_reason !== null ? 'content' : 'none';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The held chunks, then the rest of the body; `next` hands the upstream's own promise on, adding nothing per chunk. */
function replay(held: Uint8Array[], iterator: AsyncIterator<Uint8Array>): AsyncIterable<Uint8Array> {
  let index = 0;
  const replaying: AsyncIterator<Uint8Array> = {
    next: () => (index < held.length ? Promise.resolve({ done: false, value: held[index++]! }) : iterator.next()),
    return: async () => {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
  };
  return { [Symbol.asyncIterator]: () => replaying };
}
