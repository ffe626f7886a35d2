import type { TokenCost } from './rate-limiter.ts';

/** What the catalog says about a model's output: its own cap, if any, and its context window. */
export interface ModelOutputLimits {
  contextWindow: number;
  maxOutputTokens?: number;
}

export interface TokenRateCostInput {
  /** The request's estimated input tokens (the estimate the policies and the router use). */
  inputTokens: number;
  /** The client's own output cap (`max_tokens`), if it gave one. */
  maxOutputTokens?: number;
  /** The models one answer may come from (the first candidate and its fallbacks). */
  models: readonly ModelOutputLimits[];
  /** Models a second, billed answer may come from (a cascade's escalation); none by default. */
  escalation?: readonly ModelOutputLimits[];
  /** Output assumed when neither the client nor the model caps it (`limits.defaultOutputTokens`). */
  defaultOutputTokens: number;
}

/**
 * The tokens a chat request is admitted with against tokens-per-minute limits: its estimated input plus the most
 * output it may produce (the client's `max_tokens`, else the model's own cap, else the configured default, never
 * more than the context window), on the dearest model it may be answered by; a cascade may be answered twice.
 * What it needs at the least is one answer with the output the client asked for (only the input when it asked
 * for none), so a request without `max_tokens` is never refused because of an assumed output: it holds what is
 * left of the limit when its assumed worst case does not fit (see `TokenCost.requiredTokens`).
 */
export function tokenRateCost(input: TokenRateCostInput): TokenCost {
  const inputTokens = Math.max(0, Math.ceil(input.inputTokens));
  const output = (model: ModelOutputLimits) =>
    Math.max(0, Math.min(input.maxOutputTokens ?? model.maxOutputTokens ?? input.defaultOutputTokens, model.contextWindow));
  const answer = (models: readonly ModelOutputLimits[]) => (models.length === 0 ? 0 : inputTokens + Math.max(...models.map(output)));
  const first = input.models[0];
  const required = inputTokens + (input.maxOutputTokens === undefined || !first ? 0 : output(first));
  return { tokens: answer(input.models) + answer(input.escalation ?? []), requiredTokens: required };
}
