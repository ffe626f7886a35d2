import { convertGeminiUsage } from "./convert-gemini-usage.js";
import { derivedToolCallId } from "../shared/derived-tool-call-id.js";
import { mapGeminiFinishReason } from "./map-gemini-finish-reason.js";
import { readGeminiParts } from "./read-gemini-parts.js";
/**
 * A `generateContent` answer → canonical result. Reads the first candidate: adjacent text parts are joined,
 * each `functionCall` becomes a tool call with a synthesised id ({@link derivedToolCallId}, with the answer's `responseId` as suffix) and its `args`
 * serialised as JSON text. A prompt blocked before generation (`promptFeedback.blockReason`, no candidates)
 * is an empty answer with a `content-filter` finish. `providerMetadata.gemini.thoughtSignatures` maps tool call
 * ids to their signatures, for a caller that can send them back through `providerOptions.gemini`.
 * @see https://ai.google.dev/api/generate-content#generatecontentresponse
 */
export function fromGeminiResponse(response, requestModel, warnings) {
    const candidate = response.candidates?.[0];
    const content = [];
    const thoughtSignatures = {};
    let callIndex = 0;
    for (const part of readGeminiParts(candidate)) {
        if (part.type === 'text') {
            const last = content[content.length - 1];
            if (last?.type === 'text')
                last.text += part.text;
            else
                content.push({ type: 'text', text: part.text });
            continue;
        }
        const id = derivedToolCallId(callIndex++, part.name, response.responseId, part.id);
        content.push({ type: 'tool-call', id, name: part.name, arguments: JSON.stringify(part.args) });
        if (part.thoughtSignature)
            thoughtSignatures[id] = part.thoughtSignature;
    }
    const blockReason = response.promptFeedback?.blockReason;
    const finishReason = candidate === undefined && blockReason !== undefined
        ? { unified: 'content-filter', raw: blockReason }
        : mapGeminiFinishReason(candidate?.finishReason, callIndex > 0);
    const result = {
        model: response.modelVersion ?? requestModel,
        content,
        finishReason,
        usage: convertGeminiUsage(response.usageMetadata),
        warnings,
    };
    if (response.responseId !== undefined)
        result.id = response.responseId;
    const metadata = {};
    if (Object.keys(thoughtSignatures).length > 0)
        metadata.thoughtSignatures = thoughtSignatures;
    if (candidate?.finishMessage !== undefined)
        metadata.finishMessage = candidate.finishMessage;
    if (Object.keys(metadata).length > 0)
        result.providerMetadata = { gemini: metadata };
    return result;
}
//# sourceMappingURL=from-gemini-response.js.map