import { messageText, type AssistantMessage, type DocumentPart, type Message, type ToolMessage, type UserMessage } from '../../core/canonical/message.ts';
import { unsupportedDocument } from '../shared/unsupported-document.ts';
import type { Warning } from '../../core/canonical/result.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { toolArgumentsObjectOrEmpty } from '../shared/tool-arguments-object.ts';
import type { GeminiContent, GeminiPart } from './gemini-wire-types.ts';
import { toGeminiImagePart } from './to-gemini-image-part.ts';

/**
 * The documented placeholder for a function call whose thought signature is not available (the conversation
 * came through a client that cannot carry it, or from another model). Gemini 3 rejects a replayed function
 * call without a signature; this value makes it skip the check.
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures
 */
export const skipThoughtSignatureValidator = 'skip_thought_signature_validator';

export interface GeminiContentsConversion {
  systemInstruction?: { parts: Array<{ text: string }> };
  contents: GeminiContent[];
}

/**
 * Canonical messages → Gemini `systemInstruction` and `contents`.
 *
 * - System messages before the first turn become `systemInstruction`; a system message later in the
 *   conversation stays where it was, as user text (Gemini has one system instruction, at the top).
 * - `assistant` → role `model`; tool calls → `functionCall` parts with `args` parsed from the canonical JSON
 *   text (text that is not a JSON object is sent as `{}`, with a warning).
 * - Tool results → `functionResponse` parts in a `user` turn. Gemini pairs them by function NAME, so the name
 *   is looked up from the earlier assistant tool call with the same id; an unknown id is an invalid request.
 *   The response is `{ output: text }`, or `{ error: text }` for an error result; images in a result follow
 *   as `inlineData` parts of the same turn.
 * - Consecutive turns of the same role are merged (parallel function responses must share one turn).
 * - `thoughtSignatures` (tool call id → signature, from `providerOptions.gemini.thoughtSignatures`) restores
 *   signatures; the first function call of a turn without one gets {@link skipThoughtSignatureValidator}.
 * @see https://ai.google.dev/gemini-api/docs/function-calling
 */
export function toGeminiContents(
  messages: Message[],
  warnings: Warning[],
  thoughtSignatures: Record<string, string> = {},
): GeminiContentsConversion {
  const systemParts: Array<{ text: string }> = [];
  const contents: GeminiContent[] = [];
  const toolNames = new Map<string, string>();
  const append = (role: GeminiContent['role'], parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    const last = contents[contents.length - 1];
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };

  for (const [messageIndex, message] of messages.entries()) {
    switch (message.role) {
      case 'system': {
        const text = messageText(message);
        if (contents.length === 0) systemParts.push({ text });
        else if (text !== '') append('user', [{ text }]);
        break;
      }
      case 'user':
        append('user', userParts(message, warnings));
        break;
      case 'assistant':
        append('model', modelParts(message, warnings, toolNames, thoughtSignatures));
        break;
      case 'tool':
        append('user', functionResponseParts(message, messageIndex, toolNames, warnings));
        break;
    }
  }
  const conversion: GeminiContentsConversion = { contents };
  if (systemParts.length > 0) conversion.systemInstruction = { parts: systemParts };
  return conversion;
}

/** A document as Gemini reads it: text as text, a PDF inline (`inlineData`) or by URL (`fileData`). */
function toGeminiDocumentPart(part: DocumentPart): GeminiPart {
  if (part.text !== undefined) return { text: part.text };
  if (part.data !== undefined) return { inlineData: { mimeType: part.mediaType, data: part.data } };
  if (part.url !== undefined) return { fileData: { mimeType: part.mediaType, fileUri: part.url } };
  throw unsupportedDocument(part, 'Gemini');
}

function userParts(message: UserMessage, warnings: Warning[]): GeminiPart[] {
  const parts: GeminiPart[] = [];
  for (const part of message.content) {
    if (part.type === 'text') {
      if (part.text !== '') parts.push({ text: part.text });
    } else if (part.type === 'document') {
      parts.push(toGeminiDocumentPart(part));
    } else {
      const image = toGeminiImagePart(part, warnings);
      if (image) parts.push(image);
    }
  }
  return parts;
}

function modelParts(
  message: AssistantMessage,
  warnings: Warning[],
  toolNames: Map<string, string>,
  thoughtSignatures: Record<string, string>,
): GeminiPart[] {
  const parts: GeminiPart[] = [];
  let firstCall = true;
  for (const part of message.content) {
    if (part.type === 'text') {
      if (part.text !== '') parts.push({ text: part.text });
      continue;
    }
    if (part.type === 'reasoning') continue;
    toolNames.set(part.id, part.name);
    const args = toolArgumentsObjectOrEmpty(part.arguments, part.id, 'Gemini', warnings);
    const functionCall: GeminiPart = { functionCall: { name: part.name, args } };
    const signature = thoughtSignatures[part.id] ?? (firstCall ? skipThoughtSignatureValidator : undefined);
    if (signature !== undefined) functionCall.thoughtSignature = signature;
    parts.push(functionCall);
    firstCall = false;
  }
  return parts;
}

function functionResponseParts(
  message: ToolMessage,
  messageIndex: number,
  toolNames: Map<string, string>,
  warnings: Warning[],
): GeminiPart[] {
  const parts: GeminiPart[] = [];
  const trailing: GeminiPart[] = [];
  for (const [partIndex, result] of message.content.entries()) {
    const name = toolNames.get(result.toolCallId);
    if (name === undefined) {
      throw new GatewayError('invalid_request', {
        message: 'A tool result refers to a tool call id that no earlier assistant message contains.',
        param: `messages[${messageIndex}].content[${partIndex}].toolCallId`,
      });
    }
    let text = '';
    if (typeof result.content === 'string') text = result.content;
    else {
      for (const item of result.content) {
        if (item.type === 'text') text += item.text;
        else {
          const image = toGeminiImagePart(item, warnings);
          if (image) trailing.push(image);
        }
      }
    }
    parts.push({ functionResponse: { name, response: result.isError ? { error: text } : { output: text } } });
  }
  return [...parts, ...trailing];
}
