import type { AssistantContentPart, ReasoningPart, ToolCallPart } from '../../../core/canonical/message.ts';
import { responsesDialectKey } from './from-responses-input.ts';
import { itemId } from './normalise-input-items.ts';
import type { ResponsesToolOrigin } from './responses-tools.ts';
import type { ResponsesOutputItem, ResponsesOutputMessage, ResponsesReasoningItem } from './responses-wire-types.ts';

type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

/** The id of the output item at `outputIndex` of a response: the same whether the answer is streamed or not. */
export function outputItemId(responseId: string, type: 'message' | 'function_call' | 'custom_tool_call' | 'reasoning', outputIndex: number): string {
  return itemId(responseId, type, `o${outputIndex}`);
}

/** An assistant message item with one `output_text` part. */
export function messageItem(id: string, text: string, status: ItemStatus): ResponsesOutputMessage {
  return { type: 'message', id, status, role: 'assistant', content: [{ type: 'output_text', text, annotations: [], logprobs: [] }] };
}

/**
 * A tool call as the client declared the tool: a `function_call` (with its namespace when the tool was declared in
 * one), or a `custom_tool_call` whose `input` is the string the model put in the function's `input` argument.
 */
export function toolCallItem(
  responseId: string,
  outputIndex: number,
  call: Pick<ToolCallPart, 'id' | 'name' | 'arguments'>,
  origin: ResponsesToolOrigin | undefined,
  status: ItemStatus,
): ResponsesOutputItem {
  const namespace = origin?.namespace ? { namespace: origin.namespace } : {};
  if (origin?.kind === 'custom') {
    return { type: 'custom_tool_call', id: outputItemId(responseId, 'custom_tool_call', outputIndex), call_id: call.id, name: origin.name, input: customInput(call.arguments), status, ...namespace };
  }
  return { type: 'function_call', id: outputItemId(responseId, 'function_call', outputIndex), call_id: call.id, name: origin?.name ?? call.name, arguments: call.arguments, status, ...namespace };
}

/** The string a custom tool receives: the `input` argument, or the model's raw text when it sent something else. */
function customInput(argumentsText: string): string {
  try {
    const value: unknown = JSON.parse(argumentsText);
    if (typeof value === 'object' && value !== null && typeof (value as { input?: unknown }).input === 'string') return (value as { input: string }).input;
  } catch {
    // The raw text is the best account of what the model sent.
  }
  return argumentsText;
}

/** A reasoning item: the one the client sent back, whole (encrypted content intact), else a summary of the text. */
export function reasoningItem(responseId: string, outputIndex: number, part: ReasoningPart): ResponsesReasoningItem {
  const kept = part.providerOptions?.[responsesDialectKey]?.item;
  if (kept && typeof kept === 'object') return kept as ResponsesReasoningItem;
  return { type: 'reasoning', id: outputItemId(responseId, 'reasoning', outputIndex), summary: part.text === '' ? [] : [{ type: 'summary_text', text: part.text }] };
}

/**
 * A canonical answer as Responses output items, in order: a run of text parts is one message item, each tool call
 * one item, each reasoning part one item. When the answer was cut (`incomplete`), a trailing message says so (a
 * stream closes a tool call at its end, before it learns why the answer ended).
 */
export function toResponsesOutput(
  responseId: string,
  content: readonly AssistantContentPart[],
  origins: ReadonlyMap<string, ResponsesToolOrigin>,
  incomplete: boolean,
): ResponsesOutputItem[] {
  const items: ResponsesOutputItem[] = [];
  let text: string | undefined;
  const flush = () => {
    if (text === undefined) return;
    items.push(messageItem(outputItemId(responseId, 'message', items.length), text, 'completed'));
    text = undefined;
  };
  for (const part of content) {
    if (part.type === 'text') {
      // An empty text is no message (a stream sends no delta for it either).
      if (part.text !== '') text = (text ?? '') + part.text;
      continue;
    }
    flush();
    if (part.type === 'tool-call') items.push(toolCallItem(responseId, items.length, part, origins.get(part.name), 'completed'));
    else items.push(reasoningItem(responseId, items.length, part));
  }
  flush();
  const last = items.at(-1);
  if (incomplete && last?.type === 'message') last.status = 'incomplete';
  return items;
}
