import { asArray, asRecord, contentText, isRecord } from "../json-values.js";
import { countTextTokens } from "./count-text-tokens.js";
import { imageTokens, replyPrimingTokens, tokensPerMessage } from "./prompt-layout.js";
/**
 * An OpenAI chat completions body as prefix-cache blocks: tools and a structured-output schema first (OpenAI
 * renders them ahead of the messages and caches them as part of the prefix), then one block per message.
 * @see https://developers.openai.com/api/docs/guides/prompt-caching ("what can be cached")
 */
export function openAIPromptLayout(body) {
    const blocks = [];
    const tools = asArray(body.tools);
    const format = asRecord(body.response_format);
    const schema = format.type === 'json_schema' ? asRecord(format.json_schema).schema : undefined;
    if (tools.length > 0 || schema !== undefined) {
        const toolsText = tools.length > 0 ? JSON.stringify(tools) : '';
        const schemaText = schema !== undefined ? JSON.stringify(schema) : '';
        blocks.push({ key: `tools\u0000${toolsText}\u0000${schemaText}`, tokens: countTextTokens(toolsText) + countTextTokens(schemaText) });
    }
    for (const message of asArray(body.messages).map(asRecord))
        blocks.push(messageBlock(message));
    return { blocks, trailingTokens: replyPrimingTokens };
}
function messageBlock(message) {
    const text = contentText(message.content);
    let tokens = tokensPerMessage + countTextTokens(text);
    let key = `${String(message.role)}\u0000${typeof message.name === 'string' ? message.name : ''}\u0000${text}`;
    for (const part of asArray(message.content).map(asRecord)) {
        if (part.type !== 'image_url')
            continue;
        tokens += imageTokens;
        key += `\u0000image:${String(asRecord(part.image_url).url)}`;
    }
    for (const call of asArray(message.tool_calls).map(asRecord)) {
        const fn = asRecord(call.function);
        const name = String(fn.name ?? '');
        const args = String(fn.arguments ?? '');
        tokens += countTextTokens(name) + countTextTokens(args);
        key += `\u0000call:${String(call.id)}:${name}:${args}`;
    }
    if (isRecord(message) && typeof message.tool_call_id === 'string')
        key += `\u0000result:${message.tool_call_id}`;
    return { key, tokens };
}
//# sourceMappingURL=openai-prompt-layout.js.map