/**
 * The OpenAI Chat Completions dialect of the gateway's public API: parse what clients send, encode what they get.
 * @see https://platform.openai.com/docs/api-reference/chat
 */
export { parseOpenAIChatRequest } from './parse-openai-chat-request.ts';
export { parseOpenAIEmbeddingRequest, type OpenAIEmbeddingRequest } from './parse-openai-embedding-request.ts';
export { encodeOpenAIChatResult, type OpenAIResponseMeta } from './encode-openai-chat-result.ts';
export { encodeOpenAIChatStream, encodeOpenAIStreamError, type OpenAIStreamMeta } from './encode-openai-chat-stream.ts';
export { encodeOpenAIError, openAIErrorObject, type EncodedOpenAIError } from './encode-openai-error.ts';
export { encodeOpenAIEmbeddingResult } from './encode-openai-embedding-result.ts';
export { encodeOpenAIModelList } from './encode-openai-model-list.ts';
