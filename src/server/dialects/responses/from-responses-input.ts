import type { AssistantContentPart, ImagePart, Message, TextPart, ToolResultPart, UserContentPart } from '../../../core/canonical/message.ts';
import { GatewayError } from '../../../core/errors/gateway-error.ts';
import { imageFromUrl } from '../openai/from-openai-messages.ts';
import { invalidRequestFromZod } from '../openai/invalid-request-from-zod.ts';
import { responsesInputItemSchema, type ResponsesInputItem, type ResponsesMessageContentPart } from './responses-request-schema.ts';
import { canonicalToolName } from './responses-tools.ts';

/** The dialect key under which a Responses reasoning item is kept whole on its canonical part. */
export const responsesDialectKey = 'openai-responses';

/**
 * Validates Responses input items (as sent: an easy message `{role, content}` counts as `type: "message"`) and
 * returns them typed, each error naming the item at fault (`input[3].call_id`).
 */
export function validateResponsesItems(items: readonly unknown[], param: string): ResponsesInputItem[] {
  return items.map((item, index) => {
    const withType =
      typeof item === 'object' && item !== null && !Array.isArray(item) && (item as { type?: unknown }).type === undefined && 'role' in item
        ? { ...(item as Record<string, unknown>), type: 'message' }
        : item;
    const parsed = responsesInputItemSchema.safeParse(withType);
    if (!parsed.success) {
      const error = invalidRequestFromZod(parsed.error.issues, withType);
      const inner = error.param ? `${param}[${index}].${error.param}` : `${param}[${index}]`;
      throw new GatewayError('invalid_request', { param: inner, message: error.message.replace(`'${error.param ?? ''}'`, `'${inner}'`) });
    }
    return parsed.data;
  });
}

/**
 * Converts Responses items to canonical messages, in order. Consecutive assistant-side items (assistant messages,
 * function and custom tool calls, reasoning) form one assistant message; each tool output is one tool message;
 * `system` and `developer` messages are system messages where they stand. A compaction item is refused here: the
 * ones the gateway made were replaced by their summaries before (`resolveCompactionItems`). Reasoning keeps its readable summary as text and the whole item
 * (encrypted content included) under `providerOptions['openai-responses'].item`.
 * @see https://platform.openai.com/docs/api-reference/responses/create#responses-create-input
 */
export function fromResponsesItems(items: readonly ResponsesInputItem[], param: string): Message[] {
  const messages: Message[] = [];
  const assistant = (): AssistantContentPart[] => {
    const last = messages.at(-1);
    if (last?.role === 'assistant') return last.content;
    const created: Message = { role: 'assistant', content: [] };
    messages.push(created);
    return created.content;
  };
  items.forEach((item, index) => {
    const at = `${param}[${index}]`;
    switch (item.type) {
      case 'message':
        if (item.role === 'assistant') assistant().push(...assistantParts(item.content, at));
        else if (item.role === 'user') messages.push({ role: 'user', content: userParts(item.content, at) });
        else messages.push({ role: 'system', content: textParts(item.content, at) });
        break;
      case 'function_call':
        assistant().push({ type: 'tool-call', id: item.call_id, name: canonicalToolName(item.name, item.namespace), arguments: item.arguments });
        break;
      case 'custom_tool_call':
        assistant().push({ type: 'tool-call', id: item.call_id, name: canonicalToolName(item.name, item.namespace), arguments: JSON.stringify({ input: item.input }) });
        break;
      case 'function_call_output':
      case 'custom_tool_call_output':
        if (item.call_id) messages.push({ role: 'tool', content: [toolResult(item.call_id, item.output, `${at}.output`)] });
        else messages.push({ role: 'user', content: uncalledOutput(item as Extract<ResponsesInputItem, { type: 'function_call_output' }>, at) });
        break;
      case 'reasoning': {
        const text = item.summary.map((summary) => summary.text).join('\n\n');
        assistant().push({ type: 'reasoning', text, providerOptions: { [responsesDialectKey]: { item } } });
        break;
      }
      case 'compaction':
        // The ingress replaces the compaction items it verified by their summaries (`resolveCompactionItems`).
        throw new GatewayError('invalid_request', {
          param: `${at}.encrypted_content`,
          message: `Invalid value for '${at}.encrypted_content': this compaction item was not made by this gateway, and only its maker can read it.`,
        });
    }
  });
  return messages;
}

function textParts(content: string | ResponsesMessageContentPart[], param: string): TextPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, index) => {
    if (part.type === 'input_text' || part.type === 'output_text') return { type: 'text', text: part.text };
    if (part.type === 'refusal') return { type: 'text', text: part.refusal };
    throw unsupportedPart(part.type, `${param}.content[${index}]`, 'text');
  });
}

function assistantParts(content: string | ResponsesMessageContentPart[], param: string): TextPart[] {
  return textParts(content, param).filter((part) => part.text !== '');
}

function userParts(content: string | ResponsesMessageContentPart[], param: string): UserContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, index) => {
    const at = `${param}.content[${index}]`;
    if (part.type === 'input_image') return image(part, at);
    if (part.type === 'input_text' || part.type === 'output_text') return { type: 'text', text: part.text };
    if (part.type === 'refusal') return { type: 'text', text: part.refusal };
    throw unsupportedPart(part.type, at, 'text or images');
  });
}

function image(part: Extract<ResponsesMessageContentPart, { type: 'input_image' }>, param: string): ImagePart {
  if (typeof part.image_url !== 'string') {
    throw new GatewayError('invalid_request', {
      param: `${param}.file_id`,
      message: `Invalid value for '${param}': images are accepted as 'image_url' (an http(s) or data URL); file ids of the Files API are not.`,
    });
  }
  const converted = imageFromUrl(part.image_url, `${param}.image_url`);
  if (typeof part.detail === 'string' && part.detail !== 'original') converted.detail = part.detail;
  return converted;
}

function toolResult(callId: string, output: string | ResponsesMessageContentPart[], param: string): ToolResultPart {
  if (typeof output === 'string') return { type: 'tool-result', toolCallId: callId, content: output };
  const content = output.map((part, index) => {
    if (part.type === 'input_text') return { type: 'text' as const, text: part.text };
    if (part.type === 'input_image') return image(part, `${param}[${index}]`);
    throw unsupportedPart(part.type, `${param}[${index}]`, 'text or images');
  });
  return { type: 'tool-result', toolCallId: callId, content };
}

/**
 * An output no call asked for (no `call_id`; Codex sends its harness's own, such as a goal's objective, naming the
 * tool): no provider takes a result without its call, so it reaches the model as user text, introduced by the tool.
 */
function uncalledOutput(item: Extract<ResponsesInputItem, { type: 'function_call_output' }>, param: string): UserContentPart[] {
  const tool = [item.namespace, item.name].filter((part): part is string => typeof part === 'string' && part !== '').join('.') || 'a tool';
  const result = toolResult('', item.output, `${param}.output`).content;
  const parts: UserContentPart[] = typeof result === 'string' ? [{ type: 'text', text: result }] : result;
  return [{ type: 'text', text: `Output of ${tool}:` }, ...parts];
}

function unsupportedPart(type: string, param: string, allowed: string): GatewayError {
  return new GatewayError('invalid_request', {
    param: `${param}.type`,
    message: `Invalid value for '${param}.type': '${type}' cannot be translated here; this part takes ${allowed}.`,
  });
}
