import { convertOllamaUsage } from "./convert-ollama-usage.js";
import { mapOllamaFinishReason } from "./map-ollama-finish-reason.js";
import { ollamaToolCallId } from "./ollama-tool-call-id.js";
/**
 * A non-streamed `/api/chat` answer → canonical result: `message.content` as text, each
 * `message.tool_calls[]` as a tool call with a synthesised id ({@link ollamaToolCallId}) and its `arguments`
 * object serialised as JSON text. A thinking model's `message.thinking` is reasoning, not answer, and is left out.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#chat-request-with-tools
 */
export function fromOllamaResponse(response, requestModel, warnings) {
    const content = [];
    const text = response.message?.content ?? '';
    if (text !== '')
        content.push({ type: 'text', text });
    const toolCalls = response.message?.tool_calls ?? [];
    for (const [index, call] of toolCalls.entries()) {
        content.push({
            type: 'tool-call',
            id: ollamaToolCallId(index, call.function.name, response.created_at, call.id),
            name: call.function.name,
            arguments: JSON.stringify(call.function.arguments ?? {}),
        });
    }
    return {
        model: response.model ?? requestModel,
        content,
        finishReason: mapOllamaFinishReason(response.done_reason, toolCalls.length > 0),
        usage: convertOllamaUsage(response),
        warnings,
    };
}
//# sourceMappingURL=from-ollama-response.js.map