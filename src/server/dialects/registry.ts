import type { AdapterName } from '../../core/provider/adapter.ts';
import { createAnthropicAdapter } from '../../providers/anthropic/create-anthropic-adapter.ts';
import { createGeminiAdapter } from '../../providers/gemini/create-gemini-adapter.ts';
import { createLlamaLocalAdapter } from '../../providers/llama-local/create-llama-local-adapter.ts';
import { createOllamaAdapter } from '../../providers/ollama/create-ollama-adapter.ts';
import { createOpenAICompatibleAdapter } from '../../providers/openai-compatible/openai-compatible-adapter.ts';
import type { ClientDialect } from '../pipeline/context.ts';
import type { AdapterFactory } from '../provider-registry.ts';
import { anthropicSseFrame } from './anthropic/anthropic-sse-frame.ts';
import { anthropicErrorBody, encodeAnthropicError } from './anthropic/encode-anthropic-error.ts';
import { encodeAnthropicMessage } from './anthropic/encode-anthropic-message.ts';
import { encodeAnthropicStream } from './anthropic/encode-anthropic-stream.ts';
import { parseAnthropicMessagesRequest } from './anthropic/parse-anthropic-messages-request.ts';
import type { DialectCodec } from './dialect-codec.ts';
import { responsesCodec } from './responses/responses-codec.ts';
import {
  encodeOpenAIChatResult,
  encodeOpenAIChatStream,
  encodeOpenAIEmbeddingResult,
  encodeOpenAIError,
  encodeOpenAIModelList,
  encodeOpenAIStreamError,
  parseOpenAIChatRequest,
  parseOpenAIEmbeddingRequest,
} from './openai/index.ts';

/** The client dialects the gateway speaks. */
export const clientCodecs: Record<ClientDialect, DialectCodec> = {
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
export const adapterFactories: Record<AdapterName, AdapterFactory> = {
  'openai-compatible': createOpenAICompatibleAdapter,
  anthropic: createAnthropicAdapter,
  gemini: createGeminiAdapter,
  ollama: createOllamaAdapter,
  'llama-local': createLlamaLocalAdapter,
};

