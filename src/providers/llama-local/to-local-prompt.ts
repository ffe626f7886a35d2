import type { Message } from '../../core/canonical/message.ts';
import type { ChatRequest } from '../../core/canonical/request.ts';
import type { Warning } from '../../core/canonical/result.ts';
import { messageTextWithTools, toPlainPrompt } from '../../core/local-prompt/plain-prompt.ts';
import { unsupportedDocument } from '../shared/unsupported-document.ts';
import type { LlamaChatHistoryItem } from './node-llama-cpp-module.ts';

/** What an in-process model is given: a chat history for its own template, or plain text to continue. */
export type LocalPrompt =
  | { kind: 'chat'; history: LlamaChatHistoryItem[]; stopSequences: string[]; warnings: Warning[] }
  | { kind: 'completion'; text: string; stopSequences: string[]; warnings: Warning[] };

/**
 * Translates a canonical chat request for an in-process model. With a chat template the conversation becomes
 * node-llama-cpp's chat history, rendered by the model's own template, ending in the model's turn (an assistant
 * message at the end is continued). Without one it becomes plain text to continue (see `toPlainPrompt`). Images and
 * tool definitions are left out with a warning; tool calls and results are written as text, plain-text documents
 * too; a binary document (a PDF) is refused with a 400 rather than sent without it. Reasoning another provider
 * produced is left out.
 */
export function toLocalPrompt(request: ChatRequest, hasChatTemplate: boolean): LocalPrompt {
  for (const message of request.messages) {
    for (const part of message.content) {
      if (part.type === 'document' && part.text === undefined) throw unsupportedDocument(part, 'in-process');
    }
  }
  const warnings: Warning[] = [];
  if (request.tools && request.tools.length > 0) {
    warnings.push({ type: 'unsupported-setting', setting: 'tools', message: 'In-process models do not call tools here; the tool definitions were left out.' });
  }
  if (request.messages.some(hasImage)) {
    warnings.push({ type: 'unsupported-setting', setting: 'images', message: 'In-process models read text only; images were left out.' });
  }
  const stopSequences = [...(request.stopSequences ?? [])];
  if (hasChatTemplate) return { kind: 'chat', history: toChatHistory(request.messages), stopSequences, warnings };
  const plain = toPlainPrompt(request.messages);
  return { kind: 'completion', text: plain.text, stopSequences: [...stopSequences, ...plain.stopSequences], warnings };
}

function hasImage(message: Message): boolean {
  return message.content.some((part) => part.type === 'image' || (part.type === 'tool-result' && typeof part.content !== 'string' && part.content.some((inner) => inner.type === 'image')));
}

function toChatHistory(messages: readonly Message[]): LlamaChatHistoryItem[] {
  const history: LlamaChatHistoryItem[] = [];
  for (const message of messages) {
    const text = messageTextWithTools(message);
    if (message.role === 'system') history.push({ type: 'system', text });
    else if (message.role === 'assistant') history.push({ type: 'model', response: [text] });
    else history.push({ type: 'user', text });
  }
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] });
  return history;
}
