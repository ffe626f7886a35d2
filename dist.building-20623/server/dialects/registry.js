import { createAnthropicAdapter } from "../../providers/anthropic/create-anthropic-adapter.js";
import { createGeminiAdapter } from "../../providers/gemini/create-gemini-adapter.js";
import { createLlamaLocalAdapter } from "../../providers/llama-local/create-llama-local-adapter.js";
import { createOllamaAdapter } from "../../providers/ollama/create-ollama-adapter.js";
import { createOpenAICompatibleAdapter } from "../../providers/openai-compatible/openai-compatible-adapter.js";
import { anthropicSseFrame } from "./anthropic/anthropic-sse-frame.js";
import { anthropicErrorBody, encodeAnthropicError } from "./anthropic/encode-anthropic-error.js";
import { encodeAnthropicMessage } from "./anthropic/encode-anthropic-message.js";
import { encodeAnthropicStream } from "./anthropic/encode-anthropic-stream.js";
import { parseAnthropicMessagesRequest } from "./anthropic/parse-anthropic-messages-request.js";
import { responsesCodec } from "./responses/responses-codec.js";
import { encodeOpenAIChatResult, encodeOpenAIChatStream, encodeOpenAIEmbeddingResult, encodeOpenAIError, encodeOpenAIModelList, encodeOpenAIStreamError, parseOpenAIChatRequest, parseOpenAIEmbeddingRequest, } from "./openai/index.js";
/** The client dialects the gateway speaks. */
export const clientCodecs = {
    openai: {
        dialect: 'openai',
        idPrefix: 'chatcmpl-',
        parseChatRequest: parseOpenAIChatRequest,
        encodeChatResult: (result, meta) => encodeOpenAIChatResult(result, meta),
        encodeChatStream: (parts, meta) => encodeOpenAIChatStream(parts, meta),
        encodeError: encodeOpenAIError,
        encodeStreamError: encodeOpenAIStreamError,
        isStreamComplete: (tail) => /data: \[DONE\]\s*$/.test(tail),
    },
    'openai-responses': responsesCodec,
    anthropic: {
        dialect: 'anthropic',
        idPrefix: 'msg_',
        parseChatRequest: parseAnthropicMessagesRequest,
        encodeChatResult: (result, meta) => encodeAnthropicMessage(result, meta),
        encodeChatStream: (parts, meta) => encodeAnthropicStream(parts, meta),
        encodeError: (error) => encodeAnthropicError(error),
        encodeStreamError: (error) => anthropicSseFrame('error', anthropicErrorBody(error)),
        isStreamComplete: (tail) => /event: message_stop\s*\ndata: [^\n]*\s*$/.test(tail),
    },
};
export const embeddingsCodec = {
    parse: parseOpenAIEmbeddingRequest,
    encode: encodeOpenAIEmbeddingResult,
};
export { encodeOpenAIModelList as encodeModelList };
/** Adapter factories by wire protocol. */
export const adapterFactories = {
    'openai-compatible': createOpenAICompatibleAdapter,
    anthropic: createAnthropicAdapter,
    gemini: createGeminiAdapter,
    ollama: createOllamaAdapter,
    'llama-local': createLlamaLocalAdapter,
};
/** The chat path each same-dialect adapter is given on the pass-through fast path. */
export const passthroughPaths = {
    openai: '/chat/completions',
    anthropic: '/v1/messages',
};
//# sourceMappingURL=registry.js.map