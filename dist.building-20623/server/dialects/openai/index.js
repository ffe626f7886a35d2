/**
 * The OpenAI Chat Completions dialect of the gateway's public API: parse what clients send, encode what they get.
 * @see https://platform.openai.com/docs/api-reference/chat
 */
export { parseOpenAIChatRequest } from "./parse-openai-chat-request.js";
export { parseOpenAIEmbeddingRequest } from "./parse-openai-embedding-request.js";
export { encodeOpenAIChatResult } from "./encode-openai-chat-result.js";
export { encodeOpenAIChatStream, encodeOpenAIStreamError } from "./encode-openai-chat-stream.js";
export { encodeOpenAIError, openAIErrorObject } from "./encode-openai-error.js";
export { encodeOpenAIEmbeddingResult } from "./encode-openai-embedding-result.js";
export { encodeOpenAIModelList } from "./encode-openai-model-list.js";
//# sourceMappingURL=index.js.map