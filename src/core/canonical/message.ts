/**
 * Canonical messages: the one shape every dialect is translated into and out of.
 *
 * The model follows what both OpenAI Chat Completions and Anthropic Messages can express:
 * system text, user text and images, assistant text and tool calls, and tool results.
 * Anthropic's `tool_result` blocks (which live inside a user turn) become `tool` messages;
 * OpenAI's `tool` role maps one to one.
 */

/** Plain text. */
export interface TextPart {
  type: 'text';
  text: string;
  /** Provider-specific extras kept for a lossless round trip, keyed by provider name (e.g. `anthropic.cache_control`). */
  providerOptions?: Record<string, Record<string, unknown>>;
}

/** An image, either by URL or inline base64 data. */
export interface ImagePart {
  type: 'image';
  /** An http(s) URL, or absent when `data` is set. */
  url?: string;
  /** Base64 data without a `data:` prefix. */
  data?: string;
  /** MIME type such as `image/png`; required with `data`. */
  mediaType?: string;
  /** OpenAI's `detail` hint (`auto` | `low` | `high`). */
  detail?: string;
}

/** A call of a tool requested by the model. `arguments` is the JSON text the model produced (it may be invalid JSON). */
export interface ToolCallPart {
  type: 'tool-call';
  id: string;
  name: string;
  arguments: string;
}

/** The result of a tool call, sent back by the client. */
export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  /** Text content, or text and image parts. */
  content: string | Array<TextPart | ImagePart>;
  isError?: boolean;
}

/**
 * The model's reasoning before what it said or called, carried across turns so that the provider that produced it
 * can continue from it. `text` is what is readable (an OpenAI reasoning summary, Anthropic thinking); what only the
 * producing provider can read (OpenAI `encrypted_content`, a signature) stays untouched under `providerOptions`,
 * keyed by the dialect that produced it. Providers of other dialects leave reasoning out: they cannot verify it.
 */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  providerOptions?: Record<string, Record<string, unknown>>;
}

export type UserContentPart = TextPart | ImagePart;
export type AssistantContentPart = TextPart | ToolCallPart | ReasoningPart;

export interface SystemMessage {
  role: 'system';
  content: TextPart[];
}
export interface UserMessage {
  role: 'user';
  content: UserContentPart[];
  /** OpenAI's optional participant name. */
  name?: string;
}
export interface AssistantMessage {
  role: 'assistant';
  content: AssistantContentPart[];
  name?: string;
}
export interface ToolMessage {
  role: 'tool';
  content: ToolResultPart[];
}

export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/** Concatenates the text parts of a message (images, tool calls and results are left out). */
export function messageText(message: Message): string {
  let text = '';
  for (const part of message.content) {
    if (part.type === 'text') text += part.text;
  }
  return text;
}
