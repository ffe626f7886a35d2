import type { ImagePart, Message, TextPart, ToolResultPart } from '../../../core/canonical/message.ts';
import type { AssistantBlockInput, ImageBlockInput, MessagesRequestInput, TextBlockInput, UserBlockInput } from './anthropic-request-schema.ts';

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
      const part = block.type === 'text' ? fromAnthropicTextBlock(block) : fromAnthropicImageBlock(block);
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
 * JSON `arguments`). Thinking blocks have no canonical form and are left out; the pass-through path keeps them.
 */
export function fromAnthropicAssistantTurn(content: string | AssistantBlockInput[]): Message {
  if (typeof content === 'string') return { role: 'assistant', content: [{ type: 'text', text: content }] };
  const message: Message = { role: 'assistant', content: [] };
  for (const block of content) {
    if (block.type === 'text') message.content.push(fromAnthropicTextBlock(block));
    else if (block.type === 'tool_use') message.content.push({ type: 'tool-call', id: block.id, name: block.name, arguments: JSON.stringify(block.input) });
  }
  return message;
}
