/**
 * The OpenAI Responses API's wire shapes, as far as the gateway reads or writes them: output items, the response
 * object and its usage. Input items are validated by `responses-request-schema.ts`; stream events are built in
 * `encode-responses-stream.ts`.
 * @see https://platform.openai.com/docs/api-reference/responses/object
 */

/** A JSON object as it travels: kept by reference, never rebuilt. */
export type JsonObject = Record<string, unknown>;

export interface ResponsesOutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs: unknown[];
}

export interface ResponsesOutputMessage {
  type: 'message';
  id: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  role: 'assistant';
  content: ResponsesOutputText[];
}

export interface ResponsesFunctionCall {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  /** The namespace of a tool declared inside a `namespace` tool. */
  namespace?: string;
}

export interface ResponsesCustomToolCall {
  type: 'custom_tool_call';
  id: string;
  call_id: string;
  name: string;
  input: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  namespace?: string;
}

export interface ResponsesReasoningItem {
  type: 'reasoning';
  id: string;
  summary: Array<{ type: 'summary_text'; text: string }>;
  content?: Array<{ type: 'reasoning_text'; text: string }>;
  encrypted_content?: string | null;
  status?: 'in_progress' | 'completed' | 'incomplete';
}

export type ResponsesOutputItem = ResponsesOutputMessage | ResponsesFunctionCall | ResponsesCustomToolCall | ResponsesReasoningItem;

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export type ResponsesStatus = 'completed' | 'failed' | 'in_progress' | 'incomplete' | 'cancelled' | 'queued';

/** The `response` object (the body of a non-streamed answer, and of `response.*` lifecycle events). */
export interface ResponsesObject {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponsesStatus;
  completed_at: number | null;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  output: ResponsesOutputItem[];
  usage: ResponsesUsage | null;
  /** The model the client asked for and the request's settings, echoed (see `ResponsesEcho`). */
  [setting: string]: unknown;
}
