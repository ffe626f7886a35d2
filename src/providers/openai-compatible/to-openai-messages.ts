import type { DocumentPart, ImagePart, Message, TextPart, ToolResultPart, UserContentPart } from '../../core/canonical/message.ts';
import { unsupportedDocument } from '../shared/unsupported-document.ts';
import type { Warning } from '../../core/canonical/result.ts';
import type {
  OpenAIAssistantMessage,
  OpenAIImageContentPart,
  OpenAIMessage,
  OpenAITextContentPart,
  OpenAIToolCall,
  OpenAIUserContentPart,
  OpenAIUserMessage,
} from './openai-wire-types.ts';

/**
 * Converts canonical messages to OpenAI chat messages: the inverse of the inbound parser. A single text part
 * becomes a plain string (what every compatible server accepts); several parts become a content array. One
 * canonical tool message with several results becomes one `tool` message per result. Images inside tool results
 * cannot be expressed in OpenAI's `tool` role and are dropped with a warning.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 */
export function toOpenAIMessages(messages: Message[], warnings: Warning[]): OpenAIMessage[] {
  const result: OpenAIMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        result.push({ role: 'system', content: textContent(message.content) });
        break;
      case 'user': {
        const converted: OpenAIUserMessage = { role: 'user', content: userContent(message.content, warnings) };
        if (message.name !== undefined) converted.name = message.name;
        result.push(converted);
        break;
      }
      case 'assistant': {
        const texts: TextPart[] = [];
        const toolCalls: OpenAIToolCall[] = [];
        for (const part of message.content) {
          if (part.type === 'text') texts.push(part);
          else if (part.type === 'tool-call') toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } });
        }
        const converted: OpenAIAssistantMessage = { role: 'assistant', content: texts.length === 0 ? null : textContent(texts) };
        if (toolCalls.length > 0) converted.tool_calls = toolCalls;
        if (message.name !== undefined) converted.name = message.name;
        result.push(converted);
        break;
      }
      case 'tool':
        for (const part of message.content) result.push(toolMessage(part, warnings));
        break;
    }
  }
  return result;
}

function textContent(parts: TextPart[]): string | OpenAITextContentPart[] {
  if (parts.length === 0) return '';
  if (parts.length === 1 && parts[0] !== undefined) return parts[0].text;
  return parts.map((part) => ({ type: 'text', text: part.text }));
}

function userContent(parts: UserContentPart[], warnings: Warning[]): string | OpenAIUserContentPart[] {
  if (parts.every((part) => part.type === 'text')) return textContent(parts as TextPart[]);
  const result: OpenAIUserContentPart[] = [];
  for (const part of parts) {
    if (part.type === 'text') result.push({ type: 'text', text: part.text });
    else if (part.type === 'document') result.push(documentContentPart(part, 'OpenAI-compatible'));
    else {
      const image = imagePart(part);
      if (image) result.push(image);
      else warnings.push({ type: 'other', message: 'An image part without url or data was left out.' });
    }
  }
  return result;
}

/**
 * A document as a content part: plain text as text, a PDF as a `file` part with a data URL. A PDF by URL has no
 * Chat Completions form: refused, never dropped.
 */
function documentContentPart(part: DocumentPart, provider: string): OpenAIUserContentPart {
  if (part.text !== undefined) return { type: 'text', text: part.text };
  if (part.data !== undefined) return { type: 'file', file: { file_data: `data:${part.mediaType};base64,${part.data}`, filename: 'document.pdf' } };
  throw unsupportedDocument(part, provider);
}

function imagePart(part: ImagePart): OpenAIImageContentPart | undefined {
  let url: string;
  if (part.data !== undefined) url = `data:${part.mediaType ?? 'image/png'};base64,${part.data}`;
  else if (part.url !== undefined) url = part.url;
  else return undefined;
  return { type: 'image_url', image_url: part.detail === undefined ? { url } : { url, detail: part.detail } };
}

function toolMessage(part: ToolResultPart, warnings: Warning[]): OpenAIMessage {
  if (typeof part.content === 'string') return { role: 'tool', tool_call_id: part.toolCallId, content: part.content };
  const texts: OpenAITextContentPart[] = [];
  for (const item of part.content) {
    if (item.type === 'text') texts.push({ type: 'text', text: item.text });
    else warnings.push({ type: 'unsupported-setting', setting: 'tool-result-image', message: 'OpenAI tool messages cannot carry images; an image was left out.' });
  }
  return { role: 'tool', tool_call_id: part.toolCallId, content: texts.length === 0 ? '' : texts };
}
