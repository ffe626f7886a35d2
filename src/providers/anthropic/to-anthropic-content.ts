import type { DocumentPart, ImagePart, ReasoningPart, TextPart, ToolCallPart, ToolResultPart } from '../../core/canonical/message.ts';
import type { Warning } from '../../core/canonical/result.ts';
import type {
  AnthropicDocumentBlockParam,
  AnthropicThinkingBlockParam,
  AnthropicImageBlockParam,
  AnthropicTextBlockParam,
  AnthropicToolResultBlockParam,
  AnthropicToolUseBlockParam,
} from './anthropic-wire-types.ts';
import { toolArgumentsObject } from '../shared/tool-arguments-object.ts';

/**
 * A canonical text part as an Anthropic text block, with the part's `providerOptions.anthropic` extras
 * (`cache_control`, `citations`) put back. Returns `undefined` for empty text: the API rejects empty text blocks.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function toAnthropicTextBlock(part: TextPart): AnthropicTextBlockParam | undefined {
  if (part.text === '') return undefined;
  return { ...part.providerOptions?.anthropic, type: 'text', text: part.text };
}

const dataUrl = /^data:([^;,]+);base64,(.*)$/s;

/**
 * A canonical image as an Anthropic image block: inline data (also from a `data:` URL, as OpenAI clients send)
 * becomes a `base64` source, an http(s) URL a `url` source. An image with neither is left out with a warning.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/vision
 */
export function toAnthropicImageBlock(part: ImagePart, warnings: Warning[]): AnthropicImageBlockParam | undefined {
  if (part.data !== undefined) {
    return { type: 'image', source: { type: 'base64', media_type: part.mediaType ?? 'image/png', data: part.data } };
  }
  if (part.url !== undefined) {
    const match = dataUrl.exec(part.url);
    if (match) return { type: 'image', source: { type: 'base64', media_type: match[1] as string, data: match[2] as string } };
    return { type: 'image', source: { type: 'url', url: part.url } };
  }
  warnings.push({ type: 'other', message: 'An image without data or URL was left out.' });
  return undefined;
}

/**
 * A canonical tool call as a `tool_use` block. Anthropic wants `input` as a JSON object; arguments that are not
 * a JSON object are sent as `{}` with a warning (an empty string, as some clients send for no arguments, silently).
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 */
export function toAnthropicToolUseBlock(part: ToolCallPart, warnings: Warning[]): AnthropicToolUseBlockParam {
  const input = toolArgumentsObject(part.arguments);
  if (input === undefined) warnings.push({ type: 'other', message: `The arguments of tool call ${part.id} are not a JSON object; sent as {}.` });
  return { type: 'tool_use', id: part.id, name: part.name, input: input ?? {} };
}

/**
 * A canonical tool result as a `tool_result` block. Empty string content is omitted (the API accepts a result
 * without content).
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 */
export function toAnthropicToolResultBlock(part: ToolResultPart, warnings: Warning[]): AnthropicToolResultBlockParam {
  const block: AnthropicToolResultBlockParam = { type: 'tool_result', tool_use_id: part.toolCallId };
  if (typeof part.content === 'string') {
    if (part.content !== '') block.content = part.content;
  } else {
    const content: Array<AnthropicTextBlockParam | AnthropicImageBlockParam> = [];
    for (const item of part.content) {
      const converted = item.type === 'text' ? toAnthropicTextBlock(item) : toAnthropicImageBlock(item, warnings);
      if (converted) content.push(converted);
    }
    if (content.length > 0) block.content = content;
  }
  if (part.isError !== undefined) block.is_error = part.isError;
  return block;
}

/**
 * A canonical reasoning part as a `thinking` block with its signature, or a `redacted_thinking` block with its
 * encrypted data: both exactly as the provider sent them, since Anthropic verifies them. Reasoning without a
 * signature (from another provider) cannot be verified and is left out.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks
 */
export function toAnthropicThinkingBlock(part: ReasoningPart): AnthropicThinkingBlockParam | undefined {
  if (part.redactedData !== undefined) return { type: 'redacted_thinking', data: part.redactedData };
  if (part.signature === undefined) return undefined;
  return { type: 'thinking', thinking: part.text, signature: part.signature };
}

/**
 * A canonical document as a `document` block: base64 data and URLs as PDF sources, text as a `text` source; the
 * block's extras (`title`, `context`, `citations`, `cache_control`, a `file` source) come back from
 * `providerOptions.anthropic`.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/pdf-support
 */
export function toAnthropicDocumentBlock(part: DocumentPart): AnthropicDocumentBlockParam {
  const extras = part.providerOptions?.anthropic ?? {};
  let source: AnthropicDocumentBlockParam['source'];
  if (part.data !== undefined) source = { type: 'base64', media_type: part.mediaType, data: part.data };
  else if (part.url !== undefined) source = { type: 'url', url: part.url };
  else if (part.text !== undefined) source = { type: 'text', media_type: 'text/plain', data: part.text };
  else source = (extras.source as AnthropicDocumentBlockParam['source'] | undefined) ?? { type: 'text', media_type: 'text/plain', data: '' };
  return { ...extras, type: 'document', source };
}
