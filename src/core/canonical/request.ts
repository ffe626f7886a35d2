import type { Message } from './message.ts';

/** A function the model may call. `inputSchema` is a JSON Schema object. */
export interface ToolDefinition {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  /** OpenAI's `strict` flag for structured tool arguments. */
  strict?: boolean;
}

/** How the model may use tools. */
export type ToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  /** The model must call some tool (OpenAI `required`, Anthropic `any`). */
  | { type: 'required' }
  | { type: 'tool'; name: string };

/** The shape of the answer. */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json' }
  | { type: 'json-schema'; name: string; schema: Record<string, unknown>; strict?: boolean; description?: string };

/** The dialect a client spoke or a provider speaks. */
export type Dialect = 'openai' | 'anthropic' | 'gemini' | 'ollama';

/**
 * A chat request in canonical form. Every dialect's parser produces this; every adapter consumes it.
 * Token limits and sampling parameters are unified; anything a dialect has that the canonical form
 * does not is kept under `providerOptions[dialect]` so a same-dialect provider still receives it.
 */
export interface ChatRequest {
  /** The model the client asked for: a concrete name, an alias, or `auto`. The route stage replaces it with the upstream name. */
  model: string;
  messages: Message[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  /** Whether the model may emit several tool calls in one turn (default: provider default). */
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  /** Maximum output tokens (OpenAI `max_tokens` / `max_completion_tokens`, Anthropic `max_tokens`). */
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  presencePenalty?: number;
  frequencyPenalty?: number;
  seed?: number;
  /** An end-user id for abuse monitoring (OpenAI `user`, Anthropic `metadata.user_id`). */
  user?: string;
  stream: boolean;
  /** OpenAI `stream_options.include_usage`: send a final usage chunk. */
  includeUsage?: boolean;
  /** Dialect-specific fields with no canonical equivalent, keyed by dialect. */
  providerOptions?: Partial<Record<Dialect, Record<string, unknown>>>;
}

/** An embeddings request (OpenAI `/v1/embeddings`). */
export interface EmbeddingRequest {
  model: string;
  input: string[];
  dimensions?: number;
  user?: string;
}

export interface EmbeddingResult {
  model: string;
  embeddings: number[][];
  usage: { inputTokens: number };
}
