import type { Usage } from '../../core/canonical/result.ts';
import { SseDecoder } from '../../core/wire/sse-decoder.ts';
import { fromAnthropicUsage } from '../../providers/anthropic/from-anthropic-usage.ts';
import { fromOpenAIUsage } from '../../providers/openai-compatible/from-openai-usage.ts';
import type { ClientDialect } from '../pipeline/context.ts';

/** What the pass-through path learns of an answer without re-encoding it: usage, and text when cheap. */
export interface RelayedAnswer {
  usage?: Partial<Usage>;
  content?: string;
}

/** Watches relayed stream bytes for usage; parses only the events that carry it. */
export interface UsageTap {
  push(chunk: Uint8Array): void;
  readonly answer: RelayedAnswer;
}

/** Reads usage (and the answer text, for counting when usage is missing) from a relayed JSON answer. */
export function readRelayedJson(dialect: ClientDialect, text: string): RelayedAnswer {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
  if (dialect === 'openai') {
    const choices = body.choices as Array<{ message?: { content?: unknown } }> | undefined;
    const content = choices?.[0]?.message?.content;
    return { ...(body.usage ? { usage: fromOpenAIUsage(body.usage as never) } : {}), ...(typeof content === 'string' ? { content } : {}) };
  }
  const blocks = Array.isArray(body.content) ? (body.content as Array<{ type?: string; text?: unknown }>) : [];
  const content = blocks.map((block) => (block.type === 'text' && typeof block.text === 'string' ? block.text : '')).join('');
  return { ...(body.usage ? { usage: fromAnthropicUsage(body.usage as never) } : {}), content };
}

/**
 * A tap on a relayed stream. OpenAI: the `usage` chunk (sent when `stream_options.include_usage` is set; the
 * pass-through path is used for OpenAI streams only then). Anthropic: `message_start` (input and cache tokens)
 * and `message_delta` (output tokens). Other events are not parsed.
 */
export function createUsageTap(dialect: ClientDialect): UsageTap {
  const decoder = new SseDecoder();
  const answer: RelayedAnswer = {};
  let anthropicUsage: Record<string, unknown> = {};
  return {
    answer,
    push(chunk) {
      for (const event of decoder.push(chunk)) {
        if (dialect === 'openai') {
          if (!event.data.includes('"usage":{')) continue;
          const parsed = safeParse(event.data) as { usage?: unknown } | undefined;
          if (parsed?.usage) answer.usage = fromOpenAIUsage(parsed.usage as never);
        } else if (event.event === 'message_start' || event.event === 'message_delta') {
          const parsed = safeParse(event.data) as { message?: { usage?: object }; usage?: object } | undefined;
          const usage = parsed?.message?.usage ?? parsed?.usage;
          if (usage) {
            anthropicUsage = { ...anthropicUsage, ...usage };
            answer.usage = fromAnthropicUsage(anthropicUsage as never);
          }
        }
      }
    },
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
