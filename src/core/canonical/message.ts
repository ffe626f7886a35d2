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

/**
 * The model's reasoning before what it said or called, carried across turns so that the provider that produced it
 * can continue from it: Anthropic `thinking` / `redacted_thinking` blocks, OpenAI Responses `reasoning` items.
 * Providers that check reasoning sent back to them (Anthropic, with thinking and tool use) need it unchanged, so
 * `signature`, `redactedData` and the Responses item are opaque and kept byte for byte. Providers that cannot verify
 * a part (another dialect's, or none they accept as input) leave it out.
 */
export interface ReasoningPart {
  type: 'reasoning';
  /** The reasoning as shown (Anthropic thinking, a Responses reasoning summary); empty when omitted or redacted. */
  text: string;
  /** The provider's verification data for the text (Anthropic `signature`). */
  signature?: string;
  /** Encrypted reasoning the provider returned instead of text (Anthropic `redacted_thinking.data`). */
  redactedData?: string;
  /**
   * What only the producing dialect can read, keyed by that dialect: a Responses reasoning item stays whole (its id,
   * summary and `encrypted_content`) under `providerOptions['openai-responses'].item`.
   */
  providerOptions?: Record<string, Record<string, unknown>>;
}

/**
 * A document: a PDF or plain text, inline or by URL (Anthropic `document` blocks, OpenAI `file` parts). Exactly one
 * of `data`, `url` and `text` is set. Block extras (`title`, `context`, `citations`, `cache_control`, a `file` source)
 * stay under `providerOptions.anthropic`.
 */
export interface DocumentPart {
  type: 'document';
  /** `application/pdf` or `text/plain`. */
  mediaType: string;
  /** Base64 data without a `data:` prefix. */
  data?: string;
  /** An http(s) URL. */
  url?: string;
  /** The document's text, for plain-text documents. */
  text?: string;
  providerOptions?: Record<string, Record<string, unknown>>;
}

/** The result of a tool call, sent back by the client. */
export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  /** Text content, or text and image parts. */
  content: string | Array<TextPart | ImagePart>;
  isError?: boolean;
}

export type UserContentPart = TextPart | ImagePart | DocumentPart;
export type AssistantContentPart = TextPart | ToolCallPart | ReasoningPart;

/** System instructions. A system message after the first turn is an instruction given mid-conversation. */
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
