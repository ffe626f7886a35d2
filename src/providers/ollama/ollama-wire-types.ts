/**
 * Ollama's native API wire format (`/api/chat`, `/api/embed`): only the fields this adapter reads or writes.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md
 */

/** A tool call: Ollama sends `arguments` as a JSON object, and (in older versions) no id. */
export interface OllamaToolCall {
  id?: string;
  function: {
    index?: number;
    name: string;
    arguments?: Record<string, unknown>;
  };
}

export interface OllamaMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** Base64 images without a `data:` prefix (multimodal models). */
  images?: string[];
  tool_calls?: OllamaToolCall[];
  /** On a `tool` message: the name of the tool whose result this is. */
  tool_name?: string;
  /** The reasoning of a thinking model, separate from `content`. */
  thinking?: string;
}

export interface OllamaTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

/** Runtime options, Modelfile parameter names. @see https://github.com/ollama/ollama/blob/main/docs/modelfile.md#valid-parameters-and-values */
export interface OllamaOptions {
  temperature?: number;
  top_p?: number;
  top_k?: number;
  /** Maximum tokens to generate. */
  num_predict?: number;
  stop?: string[];
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  [extra: string]: unknown;
}

/** The body of `POST /api/chat`. */
export interface OllamaChatRequest {
  model: string;
  messages: OllamaMessage[];
  stream: boolean;
  tools?: OllamaTool[];
  /** `json`, or a JSON schema the answer must follow. */
  format?: 'json' | Record<string, unknown>;
  options?: OllamaOptions;
  [extra: string]: unknown;
}

/** The non-streamed answer of `/api/chat`, and each NDJSON line of a streamed one. */
export interface OllamaChatResponse {
  model?: string;
  created_at?: string;
  message?: Partial<OllamaMessage>;
  done?: boolean;
  /** `stop`, `length`, `load`, `unload`; absent in older versions. */
  done_reason?: string;
  /** Prompt tokens evaluated (absent when the prompt came from the KV cache). */
  prompt_eval_count?: number;
  eval_count?: number;
  total_duration?: number;
  load_duration?: number;
  prompt_eval_duration?: number;
  eval_duration?: number;
  /** Set instead of the rest when the server fails, also mid-stream. */
  error?: string;
}

/** @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-embeddings */
export interface OllamaEmbedRequest {
  model: string;
  input: string[];
  dimensions?: number;
}

export interface OllamaEmbedResponse {
  model?: string;
  embeddings?: number[][];
  prompt_eval_count?: number;
}
