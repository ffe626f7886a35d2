/**
 * The Anthropic Messages API on the wire (`anthropic-version: 2023-06-01`), as far as the gateway reads or writes
 * it. Shared by the inbound dialect (`src/server/dialects/anthropic`) and the outbound adapter. Fields the gateway
 * does not interpret are typed loosely so newer API additions pass through.
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */

/** `cache_control` marker on a block or tool. */
export interface AnthropicCacheControl {
  type: 'ephemeral';
  ttl?: string;
  [key: string]: unknown;
}

export interface AnthropicTextBlockParam {
  type: 'text';
  text: string;
  cache_control?: AnthropicCacheControl | null;
  [key: string]: unknown;
}

export type AnthropicImageSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string };

export interface AnthropicImageBlockParam {
  type: 'image';
  source: AnthropicImageSource;
  cache_control?: AnthropicCacheControl | null;
}

export interface AnthropicToolUseBlockParam {
  type: 'tool_use';
  id: string;
  name: string;
  /** The tool's arguments: always a JSON object. */
  input: Record<string, unknown>;
  cache_control?: AnthropicCacheControl | null;
}

export interface AnthropicToolResultBlockParam {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | Array<AnthropicTextBlockParam | AnthropicImageBlockParam>;
  is_error?: boolean;
  cache_control?: AnthropicCacheControl | null;
}

/**
 * Extended thinking blocks an assistant turn carries back (required with thinking plus tool use), with their
 * `signature` (thinking) or encrypted `data` (redacted thinking) unchanged.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
 */
export type AnthropicThinkingBlockParam =
  | { type: 'thinking'; thinking: string; signature?: string; [key: string]: unknown }
  | { type: 'redacted_thinking'; data: string; [key: string]: unknown };

/** A document: a PDF (`base64`, `url`) or text (`text`, `content`) source, or an uploaded `file`. */
export interface AnthropicDocumentBlockParam {
  type: 'document';
  source: Record<string, unknown> & { type: string };
  title?: string | null;
  context?: string | null;
  citations?: unknown;
  cache_control?: AnthropicCacheControl | null;
  [key: string]: unknown;
}

export type AnthropicUserContentBlock = AnthropicTextBlockParam | AnthropicImageBlockParam | AnthropicToolResultBlockParam | AnthropicDocumentBlockParam;
export type AnthropicAssistantContentBlock = AnthropicTextBlockParam | AnthropicToolUseBlockParam | AnthropicThinkingBlockParam;

export type AnthropicMessageParam =
  | { role: 'user'; content: string | AnthropicUserContentBlock[] }
  | { role: 'assistant'; content: string | AnthropicAssistantContentBlock[] }
  /** A system instruction given mid-conversation (a beta: sent only with the client's `anthropic-beta`). */
  | { role: 'system'; content: string | AnthropicTextBlockParam[] };

/** A client tool. Server tools (`web_search_...`, `bash_...`) carry a versioned `type` and no `input_schema`. */
export interface AnthropicCustomTool {
  type?: 'custom';
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  strict?: boolean;
  cache_control?: AnthropicCacheControl | null;
  [key: string]: unknown;
}

export type AnthropicTool = AnthropicCustomTool | { type: string; name: string; [key: string]: unknown };

export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

/** `POST /v1/messages` request body. */
export interface AnthropicMessagesRequest {
  model: string;
  max_tokens: number;
  messages: AnthropicMessageParam[];
  system?: string | AnthropicTextBlockParam[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  metadata?: { user_id?: string | null };
  stream?: boolean;
  /** Structured outputs: `{ format: { type: 'json_schema', schema } }`, plus `effort`. */
  output_config?: { format?: { type: 'json_schema'; schema: Record<string, unknown> } | null; [key: string]: unknown };
  /** `thinking`, `service_tier`, `container`, ... : passed through untouched. */
  [key: string]: unknown;
}

/** Why the model stopped. Newer values may appear; unknown ones map to `other`. */
export type AnthropicStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

/**
 * Token usage. `input_tokens` counts only the input tokens that were neither read from nor written to the
 * prompt cache; the total input is the sum of the three.
 */
export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  [key: string]: unknown;
}

export type AnthropicResponseContentBlock =
  | { type: 'text'; text: string; citations?: unknown }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: string; [key: string]: unknown };

/** The `message` object: the body of a non-streaming answer and the payload of `message_start`. */
export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicResponseContentBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

/** Anthropic's error types; `request_too_large` comes with 413, `overloaded_error` with 529. */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'timeout_error'
  | 'api_error'
  | 'overloaded_error';

/** The error body (`{ type: 'error', error: { type, message } }`), also the data of a stream's `error` event. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType | string; message: string };
  request_id?: string;
}

export type AnthropicContentBlockDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'input_json_delta'; partial_json: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }
  | { type: 'citations_delta'; citation: unknown };

/** One event of a streamed message; the SSE `event:` name equals `type`. */
export type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicMessage }
  | { type: 'content_block_start'; index: number; content_block: AnthropicResponseContentBlock }
  | { type: 'content_block_delta'; index: number; delta: AnthropicContentBlockDelta }
  | { type: 'content_block_stop'; index: number }
  | {
      type: 'message_delta';
      delta: { stop_reason: AnthropicStopReason | null; stop_sequence: string | null };
      /** Cumulative counts; `input_tokens` and the cache counts are present only on newer API versions. */
      usage: Partial<AnthropicUsage> & { output_tokens: number };
    }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | AnthropicErrorBody;

/** The API version header value this code speaks. */
export const ANTHROPIC_VERSION = '2023-06-01';
