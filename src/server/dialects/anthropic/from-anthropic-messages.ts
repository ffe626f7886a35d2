import type { DocumentPart, ImagePart, Message, TextPart, ToolResultPart } from '../../../core/canonical/message.ts';
import type { AssistantBlockInput, DocumentBlockInput, ImageBlockInput, MessagesRequestInput, TextBlockInput, UserBlockInput } from './anthropic-request-schema.ts';

/**
 * A text block as a canonical text part; any other field of the block (`cache_control`, `citations`) is kept
 * in `providerOptions.anthropic` for a lossless round trip.
 */
export function fromAnthropicTextBlock(block: TextBlockInput): TextPart {
  const part: TextPart = { type: 'text', text: block.text };
  let extras: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(block)) {
    if (key === 'type' || key === 'text' || value === undefined) continue;
    (extras ??= {})[key] = value;
  }
  if (extras) part.providerOptions = { anthropic: extras };
  return part;
}

/** An image block (base64 or URL source) as a canonical image part. */
export function fromAnthropicImageBlock(block: ImageBlockInput): ImagePart {
  return block.source.type === 'base64'
    ? { type: 'image', data: block.source.data, mediaType: block.source.media_type }
    : { type: 'image', url: block.source.url };
}

/**
 * A document block as a canonical document part: a PDF by base64 or URL, text (a `text` source, or a `content`
 * source's text blocks joined) as text; the block's extras (`title`, `context`, `citations`, `cache_control`) and a
 * `file` source stay in `providerOptions.anthropic`.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/pdf-support
 */
export function fromAnthropicDocumentBlock(block: DocumentBlockInput): DocumentPart {
  const { type: _type, source, ...extras } = block;
  let part: DocumentPart;
  switch (source.type) {
    case 'base64':
      part = { type: 'document', mediaType: source.media_type, data: source.data };
      break;
    case 'url':
      part = { type: 'document', mediaType: 'application/pdf', url: source.url };
      break;
    case 'text':
      part = { type: 'document', mediaType: 'text/plain', text: source.data };
      break;
    case 'content':
      part = { type: 'document', mediaType: 'text/plain', text: typeof source.content === 'string' ? source.content : source.content.map((item) => item.text).join('\n') };
      break;
    case 'file':
      part = { type: 'document', mediaType: 'application/pdf' };
      extras.source = source;
      break;
  }
  for (const key of Object.keys(extras)) if (extras[key] === undefined) delete extras[key];
  if (Object.keys(extras).length > 0) part.providerOptions = { anthropic: extras };
  return part;
}

/**
 * The system prompt (a string or text blocks) as a canonical system message; an empty string gives none.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-engineering/system-prompts
 */
export function fromAnthropicSystem(system: MessagesRequestInput['system']): Message | undefined {
  if (system === undefined || system === '') return undefined;
  if (typeof system === 'string') return { role: 'system', content: [{ type: 'text', text: system }] };
  return { role: 'system', content: system.map(fromAnthropicTextBlock) };
}

/**
 * A user turn as canonical messages, in order: each run of `tool_result` blocks becomes one `tool` message and
 * each run of other blocks one `user` message, so `[tool_result, tool_result, text]` gives a tool message with
 * two results followed by a user message.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 */
export function fromAnthropicUserTurn(content: string | UserBlockInput[]): Message[] {
  if (typeof content === 'string') return [{ role: 'user', content: [{ type: 'text', text: content }] }];
  if (content.length === 0) return [{ role: 'user', content: [] }];
  const messages: Message[] = [];
  for (const block of content) {
    const last = messages.at(-1);
    if (block.type === 'tool_result') {
      const part = fromToolResultBlock(block);
      if (last?.role === 'tool') last.content.push(part);
      else messages.push({ role: 'tool', content: [part] });
    } else {
      const part = block.type === 'text' ? fromAnthropicTextBlock(block) : block.type === 'document' ? fromAnthropicDocumentBlock(block) : fromAnthropicImageBlock(block);
      if (last?.role === 'user') last.content.push(part);
      else messages.push({ role: 'user', content: [part] });
    }
  }
  return messages;
}

function fromToolResultBlock(block: Extract<UserBlockInput, { type: 'tool_result' }>): ToolResultPart {
  const content = block.content === undefined
    ? ''
    : typeof block.content === 'string'
      ? block.content
      : block.content.map((item) => (item.type === 'text' ? fromAnthropicTextBlock(item) : fromAnthropicImageBlock(item)));
  const part: ToolResultPart = { type: 'tool-result', toolCallId: block.tool_use_id, content };
  if (block.is_error !== undefined) part.isError = block.is_error;
  return part;
}

/**
 * An assistant turn as a canonical assistant message: text and `tool_use` blocks (the `input` object becomes
 * JSON `arguments`), `thinking` blocks as reasoning with their signature and `redacted_thinking` blocks as
 * reasoning with their encrypted data, all in order.
 */
export function fromAnthropicAssistantTurn(content: string | AssistantBlockInput[]): Message {
  if (typeof content === 'string') return { role: 'assistant', content: [{ type: 'text', text: content }] };
  const message: Message = { role: 'assistant', content: [] };
  for (const block of content) {
    if (block.type === 'text') message.content.push(fromAnthropicTextBlock(block));
    else if (block.type === 'tool_use') message.content.push({ type: 'tool-call', id: block.id, name: block.name, arguments: JSON.stringify(block.input) });
    else if (block.type === 'thinking') message.content.push({ type: 'reasoning', text: block.thinking, ...(block.signature === undefined ? {} : { signature: block.signature }) });
    else message.content.push({ type: 'reasoning', text: '', redactedData: block.data });
  }
  return message;
}
