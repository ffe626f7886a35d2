import { derivedToolCallId } from "../shared/derived-tool-call-id.js";
/**
 * Ollama gives tool calls no id (newer versions may); canonical tool calls need one to pair results with calls.
 * The id is {@link derivedToolCallId} with the digits of the answer's `created_at` as the suffix:
 * `call_<index>_<name>_<created_at digits>`. An id Ollama sends is used as is.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#chat-request-with-tools
 */
export function ollamaToolCallId(index, name, createdAt, upstreamId) {
    return derivedToolCallId(index, name, createdAt?.replace(/\D/g, ''), upstreamId);
}
//# sourceMappingURL=ollama-tool-call-id.js.map