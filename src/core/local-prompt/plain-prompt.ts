import type { Message } from '../canonical/message.ts';

/** Text for a model without a chat template to continue, and where its answer stops. */
export interface PlainPrompt {
  text: string;
  /** Stops the model from writing the next user turn itself. */
  stopSequences: string[];
}

/**
 * The plain completion format for a model without a chat template (a base model such as stories260K), used the
 * same way in the gateway (llama-local) and on the device (the browser SDK), so both produce the same text. A lone
 * user message (after any system text) is the prompt itself, so a base model continues it; a longer conversation is
 * a `User:` / `Assistant:` transcript ending in `Assistant:` (a final assistant message is continued), and
 * generation stops where the model would write `User:`. Tool calls and results are written out as text.
 */
export function toPlainPrompt(messages: readonly Message[]): PlainPrompt {
  const system = messages.filter((message) => message.role === 'system').map(messageTextWithTools);
  const turns = messages.filter((message) => message.role !== 'system');
  const preamble = system.filter((text) => text !== '').map((text) => `${text}\n\n`).join('');
  const [only] = turns;
  if (turns.length === 1 && only?.role === 'user') return { text: preamble + messageTextWithTools(only), stopSequences: [] };
  const lines = turns.map((message) => `${speaker(message)}: ${messageTextWithTools(message)}`);
  const last = turns.at(-1);
  const text = preamble + (last?.role === 'assistant' ? lines.join('\n\n') : [...lines, 'Assistant:'].join('\n\n'));
  return { text, stopSequences: ['\nUser:'] };
}

function speaker(message: Message): string {
  if (message.role === 'assistant') return 'Assistant';
  if (message.role === 'tool') return 'Tool';
  return 'User';
}

/**
 * The text of a message with tool calls and tool results written out, so a model without tools can read them, and
 * plain-text documents as text. Reasoning is left out (only the provider that produced it can continue from it), and
 * so are images and binary documents (callers that cannot send them say so or refuse the request).
 */
export function messageTextWithTools(message: Message): string {
  const pieces: string[] = [];
  for (const part of message.content) {
    if (part.type === 'text') pieces.push(part.text);
    else if (part.type === 'document') {
      if (part.text !== undefined) pieces.push(part.text);
    }
    else if (part.type === 'tool-call') pieces.push(`[call ${part.name}(${part.arguments})]`);
    else if (part.type === 'tool-result') {
      const content = typeof part.content === 'string' ? part.content : part.content.map((inner) => (inner.type === 'text' ? inner.text : '')).join('');
      pieces.push(`[result of ${part.toolCallId}${part.isError ? ' (error)' : ''}: ${content}]`);
    }
  }
  return pieces.join('\n');
}
