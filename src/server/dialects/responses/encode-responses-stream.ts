import type { Usage } from '../../../core/canonical/result.ts';
import type { StreamPart } from '../../../core/canonical/stream-part.ts';
import { GatewayError } from '../../../core/errors/gateway-error.ts';
import { failedResponse, finishedResponse, inProgressResponse, incompleteReason } from './build-response.ts';
import type { ResponsesTurn } from './responses-turn.ts';
import type { ResponsesOutputItem } from './responses-wire-types.ts';
import { messageItem, outputItemId, reasoningItem, toolCallItem } from './to-responses-output.ts';

type OpenItem =
  | { kind: 'message'; outputIndex: number; id: string; text: string }
  | { kind: 'tool'; outputIndex: number; index: number; id: string; call: { id: string; name: string; arguments: string } }
  | { kind: 'reasoning'; outputIndex: number; id: string; text: string; summaryOpen: boolean };

/** One Server-Sent Event of the Responses stream: `event:` names the type, `data:` carries it with its sequence number. */
export function responsesEvent(event: { type: string } & Record<string, unknown>, sequenceNumber: number): string {
  return `event: ${event.type}\ndata: ${JSON.stringify({ ...event, sequence_number: sequenceNumber })}\n\n`;
}

/**
 * Encodes canonical stream parts as the Responses API's typed event stream, numbered from 0: `response.created`,
 * `response.in_progress`, then per output item `response.output_item.added`, its content events
 * (`response.content_part.added`, `response.output_text.delta` ... `.done`, `response.content_part.done`, or
 * `response.function_call_arguments.delta` ... `.done`, or a custom tool's `response.custom_tool_call_input.delta` /
 * `.done`, or a reasoning item's `response.reasoning_summary_part.added`, `response.reasoning_summary_text.delta` ...
 * `.done`, `response.reasoning_summary_part.done`) and `response.output_item.done`, and last `response.completed` (or `response.incomplete` when the answer
 * was cut) carrying the whole response object, which is stored first when `store` is on.
 *
 * An `error` part, an exception from the source, or a source that ends without `finish` ends the stream with an
 * `error` event and `response.failed` (status `failed`, the error's code and message), never with a clean end.
 * Never throws.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
export async function* encodeResponsesStream(
  parts: AsyncIterable<StreamPart>,
  turn: ResponsesTurn,
  model: string,
  now: () => number = () => Math.floor(Date.now() / 1000),
): AsyncGenerator<string> {
  let sequence = 0;
  const emit = (event: { type: string } & Record<string, unknown>) => responsesEvent(event, sequence++);
  const items: ResponsesOutputItem[] = [];
  const usage: Partial<Usage> = {};
  let open: OpenItem | undefined;

  /** Closes the open item: its `.done` events, in order. */
  function* close(status: 'completed' | 'incomplete'): Generator<string> {
    const item = open;
    if (!item) return;
    open = undefined;
    const outputIndex = item.outputIndex;
    if (item.kind === 'message') {
      const part = { type: 'output_text', text: item.text, annotations: [], logprobs: [] };
      yield emit({ type: 'response.output_text.done', item_id: item.id, output_index: outputIndex, content_index: 0, text: item.text, logprobs: [] });
      yield emit({ type: 'response.content_part.done', item_id: item.id, output_index: outputIndex, content_index: 0, part });
      const done = messageItem(item.id, item.text, status);
      items.push(done);
      yield emit({ type: 'response.output_item.done', output_index: outputIndex, item: done });
      return;
    }
    if (item.kind === 'reasoning') {
      if (item.summaryOpen) {
        const part = { type: 'summary_text', text: item.text };
        yield emit({ type: 'response.reasoning_summary_text.done', item_id: item.id, output_index: outputIndex, summary_index: 0, text: item.text });
        yield emit({ type: 'response.reasoning_summary_part.done', item_id: item.id, output_index: outputIndex, summary_index: 0, part });
      }
      const done = reasoningItem(turn.id, outputIndex, { type: 'reasoning', text: item.text });
      items.push(done);
      yield emit({ type: 'response.output_item.done', output_index: outputIndex, item: done });
      return;
    }
    const done = toolCallItem(turn.id, outputIndex, item.call, turn.origins.get(item.call.name), 'completed');
    if (done.type === 'custom_tool_call') {
      yield emit({ type: 'response.custom_tool_call_input.delta', item_id: done.id, output_index: outputIndex, delta: done.input });
      yield emit({ type: 'response.custom_tool_call_input.done', item_id: done.id, output_index: outputIndex, input: done.input });
    } else if (done.type === 'function_call') {
      yield emit({ type: 'response.function_call_arguments.done', item_id: done.id, output_index: outputIndex, name: done.name, arguments: done.arguments });
    }
    items.push(done);
    yield emit({ type: 'response.output_item.done', output_index: outputIndex, item: done });
  }

  function* fail(error: GatewayError): Generator<string> {
    yield* close('incomplete');
    yield emit({ type: 'error', code: error.code, message: error.message, param: error.param ?? null });
    yield emit({ type: 'response.failed', response: failedResponse(turn, model, items, { code: error.code, message: error.message }) });
  }

  /** Opens a reasoning item unless one is open (reasoning from a provider that shows it, e.g. Anthropic thinking). */
  function* openReasoning(): Generator<string, OpenItem & { kind: 'reasoning' }> {
    if (open?.kind === 'reasoning') return open;
    yield* close('completed');
    const outputIndex = items.length;
    const id = outputItemId(turn.id, 'reasoning', outputIndex);
    const opened = { kind: 'reasoning' as const, outputIndex, id, text: '', summaryOpen: false };
    open = opened;
    yield emit({ type: 'response.output_item.added', output_index: outputIndex, item: { type: 'reasoning', id, summary: [] } });
    return opened;
  }

  const started = inProgressResponse(turn, model);
  yield emit({ type: 'response.created', response: started });
  yield emit({ type: 'response.in_progress', response: started });
  try {
    for await (const part of parts) {
      switch (part.type) {
        case 'text-delta': {
          if (part.delta === '') break;
          if (open?.kind !== 'message') {
            yield* close('completed');
            const outputIndex = items.length;
            const id = outputItemId(turn.id, 'message', outputIndex);
            open = { kind: 'message', outputIndex, id, text: '' };
            yield emit({ type: 'response.output_item.added', output_index: outputIndex, item: { type: 'message', id, status: 'in_progress', role: 'assistant', content: [] } });
            yield emit({
              type: 'response.content_part.added',
              item_id: id,
              output_index: outputIndex,
              content_index: 0,
              part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
            });
          }
          open.text += part.delta;
          yield emit({ type: 'response.output_text.delta', item_id: open.id, output_index: open.outputIndex, content_index: 0, delta: part.delta, logprobs: [] });
          break;
        }
        case 'reasoning-delta': {
          if (part.delta === '') break;
          const reasoning = yield* openReasoning();
          if (!reasoning.summaryOpen) {
            reasoning.summaryOpen = true;
            yield emit({ type: 'response.reasoning_summary_part.added', item_id: reasoning.id, output_index: reasoning.outputIndex, summary_index: 0, part: { type: 'summary_text', text: '' } });
          }
          reasoning.text += part.delta;
          yield emit({ type: 'response.reasoning_summary_text.delta', item_id: reasoning.id, output_index: reasoning.outputIndex, summary_index: 0, delta: part.delta });
          break;
        }
        // A signature ends its reasoning; redacted reasoning is an item without a summary. Neither is shown: only
        // the provider that made them can read them, and Responses clients send back only what they were shown.
        case 'reasoning-signature':
          yield* openReasoning();
          yield* close('completed');
          break;
        case 'reasoning-redacted':
          yield* close('completed');
          yield* openReasoning();
          yield* close('completed');
          break;
        case 'tool-input-start': {
          yield* close('completed');
          const outputIndex = items.length;
          const call = { id: part.id, name: part.name, arguments: '' };
          const added = toolCallItem(turn.id, outputIndex, call, turn.origins.get(part.name), 'in_progress');
          open = { kind: 'tool', outputIndex, index: part.index, id: added.id, call };
          yield emit({ type: 'response.output_item.added', output_index: outputIndex, item: added });
          break;
        }
        case 'tool-input-delta':
          if (open?.kind !== 'tool' || open.index !== part.index) break;
          open.call.arguments += part.delta;
          if (turn.origins.get(open.call.name)?.kind !== 'custom' && part.delta !== '') {
            yield emit({ type: 'response.function_call_arguments.delta', item_id: open.id, output_index: open.outputIndex, delta: part.delta });
          }
          break;
        case 'tool-input-end':
          if (open?.kind === 'tool' && open.index === part.index) yield* close('completed');
          break;
        case 'usage':
          Object.assign(usage, part.usage);
          break;
        case 'finish': {
          const cut = incompleteReason(part.finishReason) !== undefined;
          yield* close(cut ? 'incomplete' : 'completed');
          const final = finishedResponse(turn, model, { content: [], finishReason: part.finishReason, usage: { inputTokens: 0, outputTokens: 0, ...usage, ...definedUsage(part.usage) } }, now(), items);
          if (turn.persist) await turn.persist(final);
          yield emit({ type: final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', response: final });
          return;
        }
        case 'error':
          yield* fail(part.error);
          return;
        default:
          break;
      }
    }
  } catch (error) {
    yield* fail(GatewayError.from(error));
    return;
  }
  yield* fail(new GatewayError('stream_truncated'));
}

/** The finish part's usage without figures it leaves at zero that an earlier `usage` part reported. */
function definedUsage(usage: Usage): Partial<Usage> {
  const result: Partial<Usage> = { ...usage };
  for (const key of Object.keys(result) as Array<keyof Usage>) if (result[key] === 0 || result[key] === undefined) delete result[key];
  return result;
}
