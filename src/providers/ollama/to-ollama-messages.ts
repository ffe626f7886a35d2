import type { ImagePart, Message, TextPart } from '../../core/canonical/message.ts';
import { unsupportedDocument } from '../shared/unsupported-document.ts';
import type { Warning } from '../../core/canonical/result.ts';
import { toolArgumentsObjectOrEmpty } from '../shared/tool-arguments-object.ts';
import type { OllamaMessage, OllamaToolCall } from './ollama-wire-types.ts';
import { toOllamaImages } from './to-ollama-images.ts';

/**
 * Canonical messages → Ollama chat messages. Text parts are joined into `content`, images go to `images`;
 * assistant tool calls become `tool_calls` with `arguments` as an object; each tool result becomes its own
 * `tool` message whose `tool_name` is looked up from the earlier tool call with the same id (Ollama pairs
 * results by name, not id; an unknown id leaves `tool_name` out).
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 */
export function toOllamaMessages(messages: Message[], warnings: Warning[]): OllamaMessage[] {
  const result: OllamaMessage[] = [];
  const toolNames = new Map<string, string>();
  for (const message of messages) {
    if (message.role === 'tool') {
      for (const part of message.content) {
        const { text, images } = split(typeof part.content === 'string' ? [{ type: 'text', text: part.content }] : part.content);
        const toolMessage: OllamaMessage = { role: 'tool', content: text };
        const name = toolNames.get(part.toolCallId);
        if (name !== undefined) toolMessage.tool_name = name;
        withImages(toolMessage, images, warnings);
        result.push(toolMessage);
      }
      continue;
    }
    const toolCalls: OllamaToolCall[] = [];
    const textAndImages: Array<TextPart | ImagePart> = [];
    for (const part of message.content) {
      if (part.type === 'tool-call') {
        toolNames.set(part.id, part.name);
        toolCalls.push({ function: { name: part.name, arguments: toolArgumentsObjectOrEmpty(part.arguments, part.id, 'Ollama', warnings) } });
      } else if (part.type === 'document') {
        // Ollama reads text and images only: a plain-text document becomes text, a PDF is refused.
        if (part.text === undefined) throw unsupportedDocument(part, 'Ollama');
        textAndImages.push({ type: 'text', text: part.text });
      } else if (part.type !== 'reasoning') textAndImages.push(part);
    }
    const { text, images } = split(textAndImages);
    const converted: OllamaMessage = { role: message.role, content: text };
    withImages(converted, images, warnings);
    if (toolCalls.length > 0) converted.tool_calls = toolCalls;
    result.push(converted);
  }
  return result;
}

function split(parts: Array<TextPart | ImagePart>): { text: string; images: ImagePart[] } {
  let text = '';
  const images: ImagePart[] = [];
  for (const part of parts) {
    if (part.type === 'text') text += part.text;
    else images.push(part);
  }
  return { text, images };
}

function withImages(message: OllamaMessage, images: ImagePart[], warnings: Warning[]): void {
  if (images.length === 0) return;
  const encoded = toOllamaImages(images, warnings);
  if (encoded.length > 0) message.images = encoded;
}
