import type { Usage } from '../../core/canonical/result.ts';
import { fromAnthropicUsage } from '../../providers/anthropic/from-anthropic-usage.ts';
import { fromOpenAIUsage } from '../../providers/openai-compatible/from-openai-usage.ts';
import type { ClientDialect } from '../pipeline/context.ts';

/** What the pass-through path learns of an answer without re-encoding it: usage, and text when cheap. */
export interface RelayedAnswer {
  usage?: Partial<Usage>;
  content?: string;
}

/** Reads usage (and the answer text, for counting when usage is missing) from a relayed JSON answer, parsed. */
export function readRelayedJson(dialect: ClientDialect, value: unknown): RelayedAnswer {
  if (value === null || typeof value !== 'object') return {};
  const body = value as Record<string, unknown>;
  if (dialect === 'openai') {
    const choices = body.choices as Array<{ message?: { content?: unknown } }> | undefined;
    const content = Array.isArray(choices) ? choices[0]?.message?.content : undefined;
    return { ...(body.usage ? { usage: fromOpenAIUsage(body.usage as never) } : {}), ...(typeof content === 'string' ? { content } : {}) };
  }
  const blocks = Array.isArray(body.content) ? (body.content as Array<{ type?: string; text?: unknown }>) : [];
  const content = blocks.map((block) => (block.type === 'text' && typeof block.text === 'string' ? block.text : '')).join('');
  return { ...(body.usage ? { usage: fromAnthropicUsage(body.usage as never) } : {}), content };
}

/**
 * Watches a relayed stream for usage and passes its bytes on. OpenAI: the chunk whose `usage` is an object (sent
 * when `stream_options.include_usage` is set). Anthropic: `message_start` (input and cache tokens) and
 * `message_delta` (output tokens). Only events that mention usage are parsed; a chunk of whole events that do
 * not is passed on as the very same bytes.
 */
export interface RelayTap {
  /** Takes a chunk of the provider's stream; returns what to pass on now (events are held until complete). */
  push(chunk: Uint8Array): Uint8Array | string;
  /** At the end of the provider's stream: whatever was still held (an unterminated last event). */
  end(): string;
  /** The last characters passed on, for checking the dialect's clean end. */
  readonly tail: string;
  readonly answer: RelayedAnswer;
}

export interface RelayTapOptions {
  /**
   * OpenAI only: the gateway asked for usage on the client's behalf (`include_usage`), so what that adds is removed
   * before the client sees it: the usage-only chunk (`choices: []`, read first) and the `"usage":null` field the
   * provider then puts on every other chunk. The client gets the chunks it would have got without the option.
   */
  dropUsageChunk?: boolean;
}

const tailLength = 256;

export function createRelayTap(dialect: ClientDialect, options: RelayTapOptions = {}): RelayTap {
  const decoder = new TextDecoder();
  const marker = dialect === 'openai' ? '"usage":{' : '"usage"';
  const dropUsageChunk = dialect === 'openai' && options.dropUsageChunk === true;
  const answer: RelayedAnswer = {};
  let anthropicUsage: Record<string, unknown> = {};
  let held = '';
  let tail = '';
  const passOn = (text: string) => {
    if (text !== '') tail = text.length >= tailLength ? text.slice(-tailLength) : (tail + text).slice(-tailLength);
  };
  const passOnText = (text: string) => {
    passOn(text);
    return text;
  };

  /** Reads one whole event that mentions usage; returns what of it to pass on. */
  const read = (event: string): string => {
    const parsed = parseData(event);
    if (parsed === undefined) return event;
    if (dialect === 'openai') {
      if (parsed.usage && typeof parsed.usage === 'object') answer.usage = fromOpenAIUsage(parsed.usage as never);
      if (dropUsageChunk && Array.isArray(parsed.choices) && parsed.choices.length === 0) return '';
      return event;
    }
    if (parsed.type === 'message_start' || parsed.type === 'message_delta') {
      const usage = (parsed.message as { usage?: object } | undefined)?.usage ?? (parsed.usage as object | undefined);
      if (usage && typeof usage === 'object') {
        anthropicUsage = { ...anthropicUsage, ...usage };
        answer.usage = fromAnthropicUsage(anthropicUsage as never);
      }
    }
    return event;
  };

  return {
    answer,
    get tail() {
      return tail;
    },
    push(chunk) {
      const text = decoder.decode(chunk, { stream: true });
      if (held === '' && !text.includes(marker) && endsAtBoundary(text)) {
        if (dropUsageChunk && text.includes(nullUsage)) return passOnText(withoutNullUsage(text));
        passOn(text);
        return chunk;
      }
      const all = held + text;
      const cut = lastBoundaryEnd(all);
      if (cut < 0) {
        held = all;
        return '';
      }
      held = all.slice(cut);
      let complete = cut === all.length ? all : all.slice(0, cut);
      // Only the events that mention usage are cut out and read; the text around them is kept as it is.
      for (let at = complete.indexOf(marker); at >= 0; ) {
        const start = eventStart(complete, at);
        const end = eventEnd(complete, at);
        const kept = read(complete.slice(start, end));
        complete = complete.slice(0, start) + kept + complete.slice(end);
        at = complete.indexOf(marker, start + kept.length);
      }
      return passOnText(dropUsageChunk ? withoutNullUsage(complete) : complete);
    },
    end() {
      const rest = held + decoder.decode();
      held = '';
      passOn(rest);
      return rest;
    },
  };
}

const nullUsage = '"usage":null';
/** The blank lines that end an event, by line-end style. */
const eventBoundaries = ['\n\n', '\r\n\r\n', '\r\r'] as const;

/**
 * Removes the `"usage":null` member OpenAI adds to every chunk once `include_usage` is set. Inside a JSON string a
 * quote is always escaped, so the unescaped member text only ever matches the member itself.
 */
function withoutNullUsage(text: string): string {
  return text.replaceAll(',"usage":null', '').replaceAll('"usage":null,', '');
}

function endsAtBoundary(text: string): boolean {
  return text.endsWith('\n\n') || text.endsWith('\r\n\r\n') || text.endsWith('\r\r');
}

/** Where the last complete event ends (after its blank line), or -1. */
function lastBoundaryEnd(text: string): number {
  const lf = text.lastIndexOf('\n\n');
  // The common case (LF line ends, text ending with a whole event) without searching the text for CRs.
  if (lf >= 0 && lf + 2 === text.length) return lf + 2;
  const crlf = text.lastIndexOf('\r\n\r\n');
  const cr = text.lastIndexOf('\r\r');
  return Math.max(lf < 0 ? -1 : lf + 2, crlf < 0 ? -1 : crlf + 4, cr < 0 ? -1 : cr + 2);
}

/** Where the event holding position `at` starts: after the blank line before it, or at 0. */
function eventStart(text: string, at: number): number {
  const before = text.slice(0, at);
  return Math.max(0, lastBoundaryEnd(before));
}

/** Where the event holding position `at` ends: after its blank line (the text holds whole events only). */
function eventEnd(text: string, at: number): number {
  let end = text.length;
  for (const boundary of eventBoundaries) {
    const index = text.indexOf(boundary, at);
    if (index >= 0) end = Math.min(end, index + boundary.length);
  }
  return end;
}

/** The JSON object in an event's `data` lines, or undefined. */
function parseData(event: string): Record<string, unknown> | undefined {
  const data = event
    .split(/\r\n|\r|\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
    .join('\n');
  try {
    const value: unknown = JSON.parse(data);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
