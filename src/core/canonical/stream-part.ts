import type { GatewayError } from '../errors/gateway-error.ts';
import type { FinishReason, Usage, Warning } from './result.ts';

/**
 * Typed parts of a streamed answer, named noun-verb. Adapters parse a provider's stream once into these;
 * dialect encoders turn them into the client's wire format. A malformed provider chunk becomes an `error`
 * part, never a throw. A stream is complete only when it ends with `finish`; a stream that ends without it
 * was truncated and must not be passed on as a clean end.
 */
export type StreamPart =
  | { type: 'stream-start'; id?: string; model?: string; warnings: Warning[] }
  | { type: 'text-delta'; delta: string }
  /** A fragment of the model's reasoning (Anthropic `thinking_delta`). */
  | { type: 'reasoning-delta'; delta: string }
  /** The verification data of the reasoning just streamed (Anthropic `signature_delta`); ends that reasoning. */
  | { type: 'reasoning-signature'; signature: string }
  /** Reasoning the provider returned encrypted (Anthropic `redacted_thinking`), as one part. */
  | { type: 'reasoning-redacted'; data: string }
  /** A tool call begins. `index` orders tool calls within the turn (0-based). */
  | { type: 'tool-input-start'; index: number; id: string; name: string }
  /** A fragment of the tool call's JSON arguments. */
  | { type: 'tool-input-delta'; index: number; delta: string }
  | { type: 'tool-input-end'; index: number }
  /** Usage known before the end (Anthropic's `message_start` carries input tokens). */
  | { type: 'usage'; usage: Partial<Usage> }
  | { type: 'finish'; finishReason: FinishReason; usage: Usage }
  | { type: 'error'; error: GatewayError };

