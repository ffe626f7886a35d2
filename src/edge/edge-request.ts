import type { Message } from '../core/canonical/message.ts';
import type { ChatRequest } from '../core/canonical/request.ts';
import { GatewayError } from '../core/errors/gateway-error.ts';

/** A chat request as a page gives it to the SDK: OpenAI-like, text only. */
export interface EdgeChatRequest {
  /** A model name, an alias or `auto` (default): the router chooses among the device and the gateway's providers. */
  model?: string;
  messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
  maxTokens?: number;
  temperature?: number;
  stop?: string[];
}

const roles = new Set(['system', 'user', 'assistant']);

/** The canonical form the core profiles and routes; a malformed request is refused with `invalid_request`. */
export function toCanonicalRequest(request: EdgeChatRequest, stream: boolean): ChatRequest {
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    throw new GatewayError('invalid_request', { message: 'messages must be a non-empty array.', param: 'messages' });
  }
  const messages: Message[] = request.messages.map((message, index) => {
    if (!roles.has(message?.role) || typeof message.content !== 'string') {
      throw new GatewayError('invalid_request', { message: `messages[${index}] needs a role (system, user, assistant) and text content.`, param: `messages[${index}]` });
    }
    return { role: message.role, content: [{ type: 'text', text: message.content }] } as Message;
  });
  if (request.maxTokens !== undefined && (!Number.isInteger(request.maxTokens) || request.maxTokens < 1)) {
    throw new GatewayError('invalid_request', { message: 'maxTokens must be a positive integer.', param: 'maxTokens' });
  }
  return {
    model: request.model ?? 'auto',
    messages,
    stream,
    ...(request.maxTokens === undefined ? {} : { maxOutputTokens: request.maxTokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.stop === undefined ? {} : { stopSequences: request.stop }),
  };
}
