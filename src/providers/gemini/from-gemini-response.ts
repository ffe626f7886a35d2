import type { AssistantContentPart } from '../../core/canonical/message.ts';
import type { ChatResult, FinishReason, Warning } from '../../core/canonical/result.ts';
import { convertGeminiUsage } from './convert-gemini-usage.ts';
import { derivedToolCallId } from '../shared/derived-tool-call-id.ts';
import type { GeminiGenerateContentResponse } from './gemini-wire-types.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';
import { readGeminiParts } from './read-gemini-parts.ts';

/**
 * A `generateContent` answer → canonical result. Reads the first candidate: adjacent text parts are joined,
 * each `functionCall` becomes a tool call with a synthesised id ({@link derivedToolCallId}, with the answer's `responseId` as suffix) and its `args`
 * serialised as JSON text. A prompt blocked before generation (`promptFeedback.blockReason`, no candidates)
 * is an empty answer with a `content-filter` finish. `providerMetadata.gemini.thoughtSignatures` maps tool call
 * ids to their signatures, for a caller that can send them back through `providerOptions.gemini`.
 * @see https://ai.google.dev/api/generate-content#generatecontentresponse
 */
export function fromGeminiResponse(response: GeminiGenerateContentResponse, requestModel: string, warnings: Warning[]): ChatResult {
  const candidate = response.candidates?.[0];
  const content: AssistantContentPart[] = [];
  const thoughtSignatures: Record<string, string> = {};
  let callIndex = 0;
  for (const part of readGeminiParts(candidate)) {
    if (part.type === 'text') {
      const last = content[content.length - 1];
      if (last?.type === 'text') last.text += part.text;
      else content.push({ type: 'text', text: part.text });
      continue;
    }
    const id = derivedToolCallId(callIndex++, part.name, response.responseId, part.id);
    content.push({ type: 'tool-call', id, name: part.name, arguments: JSON.stringify(part.args) });
    if (part.thoughtSignature) thoughtSignatures[id] = part.thoughtSignature;
  }

  const blockReason = response.promptFeedback?.blockReason;
  const finishReason: FinishReason =
    candidate === undefined && blockReason !== undefined
      ? { unified: 'content-filter', raw: blockReason }
      : mapGeminiFinishReason(candidate?.finishReason, callIndex > 0);

  const result: ChatResult = {
    model: response.modelVersion ?? requestModel,
    content,
    finishReason,
    usage: convertGeminiUsage(response.usageMetadata),
    warnings,
  };
  if (response.responseId !== undefined) result.id = response.responseId;
  const metadata: Record<string, unknown> = {};
  if (Object.keys(thoughtSignatures).length > 0) metadata.thoughtSignatures = thoughtSignatures;
  if (candidate?.finishMessage !== undefined) metadata.finishMessage = candidate.finishMessage;
  if (Object.keys(metadata).length > 0) result.providerMetadata = { gemini: metadata };
  return result;
}
