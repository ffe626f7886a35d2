import { asArray, asRecord, isRecord } from "../json-values.js";
import { countTextTokens } from "./count-text-tokens.js";
import { replyPrimingTokens, tokensPerMessage } from "./prompt-layout.js";
/** Tokens Gemini counts for an image up to 384 px on both sides. @see https://ai.google.dev/gemini-api/docs/tokens */
const geminiImageTokens = 258;
/**
 * A Gemini `generateContent` body as prefix-cache blocks for implicit caching: the system instruction and tools
 * first, then one block per content.
 * @see https://ai.google.dev/gemini-api/docs/caching ("put large and common contents at the beginning of your prompt")
 */
export function geminiPromptLayout(body) {
    const blocks = [];
    const system = partsText(asRecord(body.systemInstruction).parts);
    const tools = asArray(body.tools).length > 0 ? JSON.stringify(body.tools) : '';
    if (system.text !== '' || tools !== '') {
        blocks.push({ key: `system\u0000${system.text}\u0000${tools}`, tokens: system.tokens + countTextTokens(tools) });
    }
    for (const content of asArray(body.contents).map(asRecord)) {
        const parts = partsText(content.parts);
        blocks.push({ key: `${String(content.role)}\u0000${parts.text}`, tokens: tokensPerMessage + parts.tokens });
    }
    return { blocks, trailingTokens: replyPrimingTokens };
}
function partsText(parts) {
    let text = '';
    let tokens = 0;
    for (const part of asArray(parts).map(asRecord)) {
        let piece;
        if (typeof part.text === 'string')
            piece = part.text;
        else if (isRecord(part.functionCall))
            piece = `${String(part.functionCall.name)}${JSON.stringify(part.functionCall.args ?? {})}`;
        else if (isRecord(part.functionResponse))
            piece = JSON.stringify(part.functionResponse.response ?? {});
        else {
            text += `\u0000${JSON.stringify(part)}`;
            tokens += geminiImageTokens;
            continue;
        }
        text += `\u0000${piece}`;
        tokens += countTextTokens(piece);
    }
    return { text, tokens };
}
//# sourceMappingURL=gemini-prompt-layout.js.map