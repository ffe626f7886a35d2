import type { ChatResult } from '../../../core/canonical/result.ts';
import { toOpenAIFinishReason } from '../../../providers/openai-compatible/map-openai-finish-reason.ts';
import type { OpenAIChatCompletion, OpenAIToolCall } from '../../../providers/openai-compatible/openai-wire-types.ts';
import { toOpenAIUsage } from './to-openai-usage.ts';

/** What the gateway answers under: its own completion id, the time, and the model name the client should see. */
export interface OpenAIResponseMeta {
  id: string;
  /** Unix time in seconds. */
  created: number;
  model: string;
}

/**
 * A canonical result as an OpenAI `chat.completion` object with one choice. Text parts are joined into
 * `message.content` (`null` when the model only called tools).
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function encodeOpenAIChatResult(result: ChatResult, meta: OpenAIResponseMeta): OpenAIChatCompletion {
  let text: string | null = null;
  const toolCalls: OpenAIToolCall[] = [];
  for (const part of result.content) {
    if (part.type === 'text') text = (text ?? '') + part.text;
    else if (part.type === 'tool-call') toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } });
  }
  const message: NonNullable<NonNullable<OpenAIChatCompletion['choices']>[number]['message']> = { role: 'assistant', content: text, refusal: null };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: toOpenAIFinishReason(result.finishReason) }],
    usage: toOpenAIUsage(result.usage),
  };
}
