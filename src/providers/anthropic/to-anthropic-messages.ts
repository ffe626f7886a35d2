import type { Message } from '../../core/canonical/message.ts';
import type { Warning } from '../../core/canonical/result.ts';
import type {
  AnthropicAssistantContentBlock,
  AnthropicMessageParam,
  AnthropicTextBlockParam,
  AnthropicUserContentBlock,
} from './anthropic-wire-types.ts';
import {
  toAnthropicDocumentBlock,
  toAnthropicImageBlock,
  toAnthropicTextBlock,
  toAnthropicThinkingBlock,
  toAnthropicToolResultBlock,
  toAnthropicToolUseBlock,
} from './to-anthropic-content.ts';

export interface AnthropicConversation {
  system?: string | AnthropicTextBlockParam[];
  messages: AnthropicMessageParam[];
}

type Turn =
  | { role: 'user'; content: AnthropicUserContentBlock[] }
  | { role: 'assistant'; content: AnthropicAssistantContentBlock[] }
  | { role: 'system'; content: AnthropicTextBlockParam[] };

export interface ToAnthropicMessagesOptions {
  /**
   * Keep system messages after the first turn where they are, as `system` turns (a beta Anthropic accepts with the
   * client's `anthropic-beta` header); otherwise they are moved into the system prompt with a warning.
   */
  inlineSystem?: boolean;
}

/**
 * Canonical messages to Anthropic's `system` plus alternating turns:
 * - system messages before the first turn are gathered into `system` (a string when it is one plain part); later
 *   ones stay in place as `system` turns with `inlineSystem`, else they are gathered there too;
 * - reasoning parts become `thinking` / `redacted_thinking` blocks, documents `document` blocks;
 * - tool messages become user turns of `tool_result` blocks;
 * - consecutive turns of the same role are merged, and in a merged user turn the `tool_result` blocks come
 *   first, as the API requires;
 * - empty text parts and messages left without content are dropped (the API rejects empty text blocks).
 * @see https://docs.anthropic.com/en/api/messages
 */
export function toAnthropicMessages(messages: Message[], warnings: Warning[], options: ToAnthropicMessagesOptions = {}): AnthropicConversation {
  const system: AnthropicTextBlockParam[] = [];
  const turns: Turn[] = [];
  let movedSystem = false;
  for (const message of messages) {
    if (message.role === 'system' && turns.length > 0 && options.inlineSystem === true) {
      const content = message.content.map(toAnthropicTextBlock).filter((block) => block !== undefined);
      if (content.length > 0) turns.push({ role: 'system', content });
      continue;
    }
    if (message.role === 'system') {
      if (turns.length > 0) movedSystem = true;
      for (const part of message.content) {
        const block = toAnthropicTextBlock(part);
        if (block) system.push(block);
      }
      continue;
    }
    const turn = toTurn(message, warnings);
    if (turn.content.length === 0) continue;
    const previous = turns.at(-1);
    if (previous && previous.role === turn.role) mergeInto(previous, turn);
    else turns.push(turn);
  }
  if (movedSystem) {
    warnings.push({ type: 'other', message: 'System messages after the start of the conversation were moved into the system prompt.' });
  }
  const conversation: AnthropicConversation = { messages: turns as AnthropicMessageParam[] };
  if (system.length === 1 && Object.keys(system[0] as object).length === 2) conversation.system = (system[0] as AnthropicTextBlockParam).text;
  else if (system.length > 0) conversation.system = system;
  return conversation;
}

function toTurn(message: Exclude<Message, { role: 'system' }>, warnings: Warning[]): Turn {
  switch (message.role) {
    case 'user': {
      if (message.name !== undefined) warnings.push({ type: 'unsupported-setting', setting: 'messages.name', message: 'Anthropic has no participant names; the name was left out.' });
      const content: AnthropicUserContentBlock[] = [];
      for (const part of message.content) {
        const block =
          part.type === 'text' ? toAnthropicTextBlock(part) : part.type === 'document' ? toAnthropicDocumentBlock(part) : toAnthropicImageBlock(part, warnings);
        if (block) content.push(block);
      }
      return { role: 'user', content };
    }
    case 'tool':
      return { role: 'user', content: message.content.map((part) => toAnthropicToolResultBlock(part, warnings)) };
    case 'assistant': {
      const content: AnthropicAssistantContentBlock[] = [];
      for (const part of message.content) {
        const block =
          part.type === 'text' ? toAnthropicTextBlock(part) : part.type === 'reasoning' ? toAnthropicThinkingBlock(part) : toAnthropicToolUseBlock(part, warnings);
        if (block) content.push(block);
      }
      return { role: 'assistant', content };
    }
  }
}

function mergeInto(previous: Turn, next: Turn): void {
  if (previous.role !== 'user' || next.role !== 'user') {
    (previous.content as unknown[]).push(...next.content);
    return;
  }
  const blocks = [...previous.content, ...next.content] as AnthropicUserContentBlock[];
  previous.content = [
    ...blocks.filter((block) => block.type === 'tool_result'),
    ...blocks.filter((block) => block.type !== 'tool_result'),
  ];
}
