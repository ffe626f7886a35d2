import type { AssistantContentPart } from '../../core/canonical/message.ts';
import type { ChatRequest } from '../../core/canonical/request.ts';
import { measureChatRequest } from './measure-chat-request.ts';
import { countO200kTokens } from './o200k-token-count.ts';

/** Tokens counted per image when a provider reports no usage (OpenAI high detail, 1024 x 1024). */
export const imageTokensEstimate = 765;
/** Framing tokens per message, and for priming the reply, as OpenAI documents for its chat models. */
const tokensPerMessage = 3;
const replyPriming = 3;
const textTokens = countO200kTokens;

/**
 * Counts tokens with the o200k_base encoding (GPT-4o and later). Used only when a provider reports no usage: the
 * provider's own figure always wins. For another vendor's model it is an estimate (tokenizers differ by some
 * ten per cent). About 1 ms per 4 KB of text, so it runs after the answer, never before dispatch.
 * @see https://github.com/openai/openai-cookbook/blob/main/examples/How_to_count_tokens_with_tiktoken.ipynb
 */
export function countTokens(input: string | ChatRequest): number {
  if (typeof input === 'string') return textTokens(input);
  return measureChatRequest(input, { perRequest: replyPriming, perMessage: tokensPerMessage, perToolCall: 0, image: imageTokensEstimate, text: textTokens });
}

/** Counts the tokens of an answer: its text and its tool calls (name and arguments). */
export function countOutputTokens(content: string | readonly AssistantContentPart[]): number {
  if (typeof content === 'string') return textTokens(content);
  let count = 0;
  for (const part of content) {
    count += part.type === 'tool-call' ? textTokens(part.name) + textTokens(part.arguments) : textTokens(part.text);
  }
  return count;
}
