/**
 * A prompt as a provider's prefix cache sees it: an ordered list of blocks (tool definitions, system text,
 * message content), each with the tokens it adds. Two prompts share a cached prefix up to the last block at
 * which every block so far has the same `key`.
 */
export interface PromptBlock {
  /** The block's content as the model reads it, plus the ids that make it distinct (tool call ids). */
  key: string;
  tokens: number;
  /** Set when the block carries Anthropic `cache_control`. */
  breakpoint?: { ttl: '5m' | '1h' };
}

export interface PromptLayout {
  blocks: PromptBlock[];
  /** Tokens after the last block (reply priming): counted as input, never cached. */
  trailingTokens: number;
}

/** Framing tokens per message and for priming the reply, as OpenAI documents for its chat models. */
export const tokensPerMessage = 3;
export const replyPrimingTokens = 3;
/** Tokens counted per image (OpenAI high detail, 1024 x 1024), the gateway's own estimate. */
export const imageTokens = 765;

/** Total input tokens of a layout. */
export function layoutTokens(layout: PromptLayout): number {
  let total = layout.trailingTokens;
  for (const block of layout.blocks) total += block.tokens;
  return total;
}
