import type { AssistantContentPart } from './message.ts';

/**
 * Why generation stopped, unified across providers, with the provider's own value kept as `raw`.
 * `tool-calls`: the model wants tools run; `length`: the token limit; `content-filter`: a safety stop.
 */
export type UnifiedFinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

export interface FinishReason {
  unified: UnifiedFinishReason;
  /** The provider's value, e.g. `end_turn`, `STOP`, `tool_calls`. */
  raw?: string;
}

/**
 * Token usage. `inputTokens` counts every input token including cached ones;
 * `cachedInputTokens` is the part read from a provider's prompt cache and
 * `cacheWriteTokens` the part written to it (Anthropic bills both differently).
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
  /** The provider's usage object as it came, for auditing and exact accounting. */
  raw?: unknown;
}

/** A setting the provider could not honour: a warning, never an exception. */
export interface Warning {
  type: 'unsupported-setting' | 'other';
  setting?: string;
  message: string;
}

/** A complete (non-streaming) chat result in canonical form. */
export interface ChatResult {
  /** The provider's response id, when it gives one. */
  id?: string;
  /** The upstream model that answered. */
  model: string;
  content: AssistantContentPart[];
  finishReason: FinishReason;
  usage: Usage;
  warnings: Warning[];
  /** Provider extras keyed by provider name. */
  providerMetadata?: Record<string, Record<string, unknown>>;
}

/** No tokens either way: what is billed when nothing was reported. */
export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0 };
}
