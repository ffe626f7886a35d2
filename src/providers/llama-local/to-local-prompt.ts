import type { Message } from '../../core/canonical/message.ts';
import type { ChatRequest } from '../../core/canonical/request.ts';
import type { Warning } from '../../core/canonical/result.ts';
import type { LlamaChatHistoryItem } from './node-llama-cpp-module.ts';

/** What an in-process model is given: a chat history for its own template, or plain text to continue. */
export type LocalPrompt =
  | { kind: 'chat'; history: LlamaChatHistoryItem[]; stopSequences: string[]; warnings: Warning[] }
  | { kind: 'completion'; text: string; stopSequences: string[]; warnings: Warning[] };

/**
 * Translates a canonical chat request for an in-process model. With a chat template the conversation becomes
 * node-llama-cpp's chat history, rendered by the model's own template, ending in the model's turn (an assistant
 * message at the end is continued). Without one it becomes plain text to continue: a lone user message (after any
 * system text) is the prompt itself, so a base model continues it; a longer conversation is a `User:` /
 * `Assistant:` transcript ending in `Assistant:`, and generation stops where the model would write `User:`.
 * Images and tool definitions are left out with a warning; tool calls and results are written as text.
 */
export function toLocalPrompt(request: ChatRequest, hasChatTemplate: boolean): LocalPrompt {
  const warnings: Warning[] = [];
  if (request.tools && request.tools.length > 0) {
    warnings.push({ type: 'unsupported-setting', setting: 'tools', message: 'In-process models do not call tools here; the tool definitions were left out.' });
  }
  if (request.messages.some((message) => message.content.some((part) => part.type === 'image' || (part.type === 'tool-result' && typeof part.content !== 'string' && part.content.some((inner) => inner.type === 'image'))))) {
    warnings.push({ type: 'unsupported-setting', setting: 'images', message: 'In-process models read text only; images were left out.' });
  }
  const stopSequences = [...(request.stopSequences ?? [])];
  if (hasChatTemplate) return { kind: 'chat', history: toChatHistory(request.messages), stopSequences, warnings };
  const system = request.messages.filter((message) => message.role === 'system').map(textOf);
  const turns = request.messages.filter((message) => message.role !== 'system');
  const preamble = system.filter((text) => text !== '').map((text) => `${text}\n\n`).join('');
  const [only] = turns;
  if (turns.length === 1 && only?.role === 'user') return { kind: 'completion', text: preamble + textOf(only), stopSequences, warnings };
  const lines = turns.map((message) => `${speaker(message)}: ${textOf(message)}`);
  const last = turns.at(-1);
  const text = preamble + (last?.role === 'assistant' ? lines.join('\n\n') : [...lines, 'Assistant:'].join('\n\n'));
  return { kind: 'completion', text, stopSequences: [...stopSequences, '\nUser:'], warnings };
}

function toChatHistory(messages: readonly Message[]): LlamaChatHistoryItem[] {
  const history: LlamaChatHistoryItem[] = [];
  for (const message of messages) {
    const text = textOf(message);
    if (message.role === 'system') history.push({ type: 'system', text });
    else if (message.role === 'assistant') history.push({ type: 'model', response: [text] });
    else history.push({ type: 'user', text });
  }
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] });
  return history;
}

function speaker(message: Message): string {
  if (message.role === 'assistant') return 'Assistant';
  if (message.role === 'tool') return 'Tool';
  return 'User';
}

/** The text of a message; tool calls and tool results are written out so the model can read them. */
function textOf(message: Message): string {
  const pieces: string[] = [];
  for (const part of message.content) {
    if (part.type === 'text') pieces.push(part.text);
    else if (part.type === 'tool-call') pieces.push(`[call ${part.name}(${part.arguments})]`);
    else if (part.type === 'tool-result') {
      const content = typeof part.content === 'string' ? part.content : part.content.map((inner) => (inner.type === 'text' ? inner.text : '')).join('');
      pieces.push(`[result of ${part.toolCallId}${part.isError ? ' (error)' : ''}: ${content}]`);
    }
  }
  return pieces.join('\n');
}
