import { estimateTokens } from './answer-planner.ts';
import { sendError, type HandlerContext } from './handler-context.ts';

/**
 * Anthropic's `POST /v1/messages/count_tokens`: the input tokens of the same body as a message request (`max_tokens`
 * not needed), counted as characters / 4 (the figure a simulator without prompt caching reports as `input_tokens`).
 * @see https://docs.anthropic.com/en/api/messages-count-tokens
 */
export function handleCountTokens(context: HandlerContext): void {
  const { exchange, responder, body } = context;
  const parsed = responder.parseChat(typeof body === 'object' && body !== null ? { max_tokens: 1, ...body, stream: false } : body, context.route);
  if (!parsed.ok) return sendError(context, 'invalid_request', parsed.message);
  if (!context.resolveModel(parsed.value.model)) return sendError(context, 'not_found', responder.unknownModelMessage(parsed.value.model));
  exchange.sendJson(200, { input_tokens: estimateTokens(parsed.value.texts) }, responder.answerHeaders(exchange.id));
}
