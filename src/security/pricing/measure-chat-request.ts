import type { ChatRequest } from '../../core/canonical/request.ts';

/** How to measure each piece of a chat request: the token counter and the upper bound differ only in these. */
export interface ChatRequestMeasure {
  /** Added once per request (reply priming). */
  perRequest: number;
  /** Added per message (role framing). */
  perMessage: number;
  /** Added per tool call, besides its name and arguments. */
  perToolCall: number;
  /** Tokens of one image. */
  image: number;
  /** Tokens of a text. */
  text(text: string): number;
}

/**
 * Sums a measure over everything a chat request sends: message text, images, tool calls and results, tool
 * definitions and a JSON schema response format.
 */
export function measureChatRequest(request: ChatRequest, measure: ChatRequestMeasure): number {
  let total = measure.perRequest;
  for (const message of request.messages) {
    total += measure.perMessage;
    for (const part of message.content) {
      switch (part.type) {
        case 'text':
        case 'reasoning':
          total += measure.text(part.text);
          break;
        case 'image':
          total += measure.image;
          break;
        case 'document':
          total += part.text === undefined ? measure.image : measure.text(part.text);
          break;
        case 'tool-call':
          total += measure.text(part.name) + measure.text(part.arguments) + measure.perToolCall;
          break;
        case 'tool-result':
          if (typeof part.content === 'string') total += measure.text(part.content);
          else for (const item of part.content) total += item.type === 'text' ? measure.text(item.text) : measure.image;
          break;
      }
    }
  }
  if (request.tools && request.tools.length > 0) total += measure.text(JSON.stringify(request.tools));
  if (request.responseFormat?.type === 'json-schema') total += measure.text(JSON.stringify(request.responseFormat.schema));
  return total;
}
