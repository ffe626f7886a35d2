/**
 * TypeScript types of the OpenAI Chat Completions, Embeddings and Models wire format, as far as the gateway reads
 * or writes it. Shared by the inbound dialect (`src/server/dialects/openai`) and the outbound adapter. Fields the
 * gateway does not use are left out; compatible servers (vLLM, llama.cpp, Ollama, Mistral, Groq...) send the same
 * shapes with some fields missing, so every response field is optional or nullable.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */

export interface OpenAITextContentPart {
  type: 'text';
  text: string;
}

export interface OpenAIImageContentPart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' | (string & {}) };
}

/** Assistant history may carry a refusal part instead of text. */
export interface OpenAIRefusalContentPart {
  type: 'refusal';
  refusal: string;
}

/** A file (PDF) given inline as a data URL. @see https://platform.openai.com/docs/guides/pdf-files */
export interface OpenAIFileContentPart {
  type: 'file';
  file: { file_data?: string; filename?: string; file_id?: string };
}

export type OpenAIUserContentPart = OpenAITextContentPart | OpenAIImageContentPart | OpenAIFileContentPart;

export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface OpenAISystemMessage {
  role: 'system' | 'developer';
  content: string | OpenAITextContentPart[];
  name?: string;
}

export interface OpenAIUserMessage {
  role: 'user';
  content: string | OpenAIUserContentPart[];
  name?: string;
}

export interface OpenAIAssistantMessage {
  role: 'assistant';
  content?: string | Array<OpenAITextContentPart | OpenAIRefusalContentPart> | null;
  tool_calls?: OpenAIToolCall[];
  name?: string;
  refusal?: string | null;
}

export interface OpenAIToolMessage {
  role: 'tool';
  tool_call_id: string;
  content: string | OpenAITextContentPart[];
}

export type OpenAIMessage = OpenAISystemMessage | OpenAIUserMessage | OpenAIAssistantMessage | OpenAIToolMessage;

export interface OpenAITool {
  type: 'function';
  function: {
    name: string;
    description?: string;
    /** A JSON Schema object. */
    parameters?: Record<string, unknown>;
    strict?: boolean | null;
  };
}

export type OpenAIToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export type OpenAIResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; schema?: Record<string, unknown>; strict?: boolean | null; description?: string };
    };

/** The body of `POST /chat/completions`. Unknown fields are allowed (compatible servers add their own). */
export interface OpenAIChatRequestBody {
  model: string;
  messages: OpenAIMessage[];
  tools?: OpenAITool[];
  tool_choice?: OpenAIToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: OpenAIResponseFormat;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  temperature?: number;
  top_p?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  seed?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  stop?: string | string[];
  user?: string;
  n?: number;
  [extra: string]: unknown;
}

/** The finish reasons OpenAI sends; compatible servers may send others. */
export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export interface OpenAIUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number; audio_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number; audio_tokens?: number } | null;
}

/** A non-streamed answer, `object: 'chat.completion'`. */
export interface OpenAIChatCompletion {
  id?: string;
  object?: 'chat.completion';
  created?: number;
  model?: string;
  system_fingerprint?: string | null;
  choices?: Array<{
    index?: number;
    message?: {
      role?: 'assistant';
      content?: string | null;
      refusal?: string | null;
      tool_calls?: OpenAIToolCall[] | null;
      annotations?: unknown[];
    };
    logprobs?: unknown;
    finish_reason?: OpenAIFinishReason | (string & {}) | null;
  }>;
  usage?: OpenAIUsage | null;
}

/** A fragment of a tool call in a stream: `id`, `type` and `function.name` come with the first fragment only. */
export interface OpenAIToolCallDelta {
  index?: number;
  id?: string | null;
  type?: 'function' | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

/** One streamed chunk, `object: 'chat.completion.chunk'`. The usage chunk has `choices: []`. */
export interface OpenAIChatCompletionChunk {
  id?: string;
  object?: 'chat.completion.chunk';
  created?: number;
  model?: string;
  system_fingerprint?: string | null;
  choices?: Array<{
    index?: number;
    delta?: {
      role?: 'assistant' | null;
      content?: string | null;
      refusal?: string | null;
      tool_calls?: OpenAIToolCallDelta[] | null;
    } | null;
    logprobs?: unknown;
    finish_reason?: OpenAIFinishReason | (string & {}) | null;
  }> | null;
  usage?: OpenAIUsage | null;
  /** Sent instead of a chunk when the server fails mid-stream. */
  error?: OpenAIErrorObject;
}

/**
 * The error object, both as a response body (`{ error: {...} }`) and inside a stream.
 * @see https://platform.openai.com/docs/guides/error-codes
 */
export interface OpenAIErrorObject {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

export interface OpenAIErrorBody {
  error: OpenAIErrorObject;
}

/** @see https://platform.openai.com/docs/api-reference/embeddings/create */
export interface OpenAIEmbeddingRequestBody {
  model: string;
  input: string | string[];
  dimensions?: number;
  encoding_format?: 'float' | 'base64';
  user?: string;
}

export interface OpenAIEmbeddingResponse {
  object: 'list';
  data: Array<{ object: 'embedding'; index: number; embedding: number[] | string }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

/** @see https://platform.openai.com/docs/api-reference/models/list */
export interface OpenAIModelList {
  object: 'list';
  data: Array<{ id: string; object: 'model'; created: number; owned_by: string }>;
}
