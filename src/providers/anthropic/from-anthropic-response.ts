import type { AssistantContentPart } from '../../core/canonical/message.ts';
import type { ChatResult, Warning } from '../../core/canonical/result.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { AnthropicMessage } from './anthropic-wire-types.ts';
import { fromAnthropicUsage } from './from-anthropic-usage.ts';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';

/**
 * An Anthropic `message` (a non-streaming answer) to a canonical result. Text and `tool_use` blocks become
 * content (a tool's `input` object becomes its JSON `arguments`), `thinking` and `redacted_thinking` blocks
 * reasoning parts with their signature or data; other blocks (server tool results) have no canonical form and are
 * left out. `stop_sequence` is kept in `providerMetadata.anthropic`.
 * Anything that is not a message object throws `upstream_bad_response`.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function fromAnthropicResponse(body: unknown, warnings: Warning[], providerId: string): ChatResult {
  if (!isMessage(body)) {
    throw new GatewayError('upstream_bad_response', { message: `Provider ${providerId} answered with something that is not an Anthropic message.`, details: { provider: providerId } });
  }
  const content: AssistantContentPart[] = [];
  for (const block of body.content) {
    if (block.type === 'text' && typeof block.text === 'string') content.push({ type: 'text', text: block.text });
    else if (block.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string') {
      content.push({ type: 'tool-call', id: block.id, name: block.name, arguments: JSON.stringify(block.input ?? {}) });
    } else if (block.type === 'thinking' && typeof block.thinking === 'string') {
      content.push({ type: 'reasoning', text: block.thinking, ...(typeof block.signature === 'string' ? { signature: block.signature } : {}) });
    } else if (block.type === 'redacted_thinking' && typeof block.data === 'string') {
      content.push({ type: 'reasoning', text: '', redactedData: block.data });
    }
  }
  const result: ChatResult = {
    model: typeof body.model === 'string' ? body.model : '',
    content,
    finishReason: mapAnthropicStopReason(body.stop_reason),
    usage: fromAnthropicUsage(body.usage),
    warnings,
  };
  if (typeof body.id === 'string') result.id = body.id;
  if (typeof body.stop_sequence === 'string') result.providerMetadata = { anthropic: { stop_sequence: body.stop_sequence } };
  return result;
}

function isMessage(body: unknown): body is AnthropicMessage {
  if (typeof body !== 'object' || body === null) return false;
  const record = body as Record<string, unknown>;
  return Array.isArray(record.content) && record.content.every((block) => typeof block === 'object' && block !== null);
}
