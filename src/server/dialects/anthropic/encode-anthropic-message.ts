import type { ReasoningPart } from '../../../core/canonical/message.ts';
import type { ChatResult } from '../../../core/canonical/result.ts';
import type { AnthropicMessage, AnthropicResponseContentBlock } from '../../../providers/anthropic/anthropic-wire-types.ts';
import { toAnthropicStopReason } from '../../../providers/anthropic/map-anthropic-stop-reason.ts';
import { parseJsonObject } from '../../../providers/shared/parse-json-object.ts';
import { toAnthropicUsage } from '../../../providers/anthropic/to-anthropic-usage.ts';

/**
 * A canonical result as an Anthropic `message` object (the body of a non-streaming `POST /v1/messages` answer).
 * `id` and `model` are the ones the client should see. `stop_sequence` comes from
 * `providerMetadata.anthropic.stop_sequence` when the provider reported one.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function encodeAnthropicMessage(result: ChatResult, meta: { id: string; model: string }): AnthropicMessage {
  const content: AnthropicResponseContentBlock[] = [];
  for (const part of result.content) {
    if (part.type === 'text') content.push({ type: 'text', text: part.text });
    else if (part.type === 'reasoning') content.push(thinkingBlock(part));
    else content.push({ type: 'tool_use', id: part.id, name: part.name, input: parseJsonObject(part.arguments) ?? {} });
  }
  const stopReason = toAnthropicStopReason(result.finishReason);
  const stopSequence = result.providerMetadata?.anthropic?.stop_sequence;
  return {
    id: meta.id,
    type: 'message',
    role: 'assistant',
    model: meta.model,
    content,
    stop_reason: stopReason,
    stop_sequence: stopReason === 'stop_sequence' && typeof stopSequence === 'string' ? stopSequence : null,
    usage: toAnthropicUsage(result.usage),
  };
}

/**
 * Reasoning as Anthropic clients see it: `redacted_thinking` with its data, or `thinking` with its signature (an
 * empty one when the provider gave none: Anthropic clients expect the field).
 */
export function thinkingBlock(part: ReasoningPart): AnthropicResponseContentBlock {
  if (part.redactedData !== undefined) return { type: 'redacted_thinking', data: part.redactedData };
  return { type: 'thinking', thinking: part.text, signature: part.signature ?? '' };
}
