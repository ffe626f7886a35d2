import { toOpenAIFinishReason } from "../../../providers/openai-compatible/map-openai-finish-reason.js";
import { toOpenAIUsage } from "./to-openai-usage.js";
/**
 * A canonical result as an OpenAI `chat.completion` object with one choice. Text parts are joined into
 * `message.content` (`null` when the model only called tools).
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function encodeOpenAIChatResult(result, meta) {
    let text = null;
    const toolCalls = [];
    for (const part of result.content) {
        if (part.type === 'text')
            text = (text ?? '') + part.text;
        else if (part.type === 'tool-call')
            toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } });
    }
    const message = { role: 'assistant', content: text, refusal: null };
    if (toolCalls.length > 0)
        message.tool_calls = toolCalls;
    return {
        id: meta.id,
        object: 'chat.completion',
        created: meta.created,
        model: meta.model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: toOpenAIFinishReason(result.finishReason) }],
        usage: toOpenAIUsage(result.usage),
    };
}
//# sourceMappingURL=encode-openai-chat-result.js.map