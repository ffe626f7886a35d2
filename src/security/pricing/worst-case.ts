import type { ChatRequest } from '../../core/canonical/request.ts';
import type { Price } from '../../core/catalog/catalog-schema.ts';
import { costOfNanoUsd } from './cost-of.ts';
import { embeddingTokensUpperBound, inputTokensUpperBound } from './input-tokens-upper-bound.ts';
import { nanoUsdToUsd } from './nano-usd.ts';

/** The most a request can cost, for a budget reservation made before dispatch. */
export interface WorstCase {
  inputTokens: number;
  outputTokens: number;
  /** Input plus output: never more than the context window. */
  tokens: number;
  nanoUsd: number;
  usd: number;
}

export interface WorstCaseOptions {
  /** The model's own output cap (catalog `maxOutputTokens`), used when the request sets none. */
  maxOutputTokens?: number;
  /** `inputTokensUpperBound(request)`, when the caller already has it (it walks the whole request). */
  inputTokensUpperBound?: number;
}

/**
 * The worst case of a chat request on one model: input at most its byte bound, output at most the request's
 * `maxOutputTokens` (else the model's cap, else the context window), and input plus output at most the context
 * window. The split that costs most is taken: the dearer kind of token fills the window first. Input is priced at
 * the dearer of `input` and `cacheWrite`, so a prompt-cache write cannot exceed the reservation.
 */
export function worstCase(request: ChatRequest, price: Price, contextWindow: number, options: WorstCaseOptions = {}): WorstCase {
  const window = Math.max(0, Math.floor(contextWindow));
  const inputCap = Math.min(options.inputTokensUpperBound ?? inputTokensUpperBound(request), window);
  const outputCap = Math.min(request.maxOutputTokens ?? options.maxOutputTokens ?? window, window);
  const inputPrice = Math.max(price.input, price.cacheWrite ?? price.input);
  let inputTokens: number;
  let outputTokens: number;
  if (price.output >= inputPrice) {
    outputTokens = outputCap;
    inputTokens = Math.min(inputCap, window - outputTokens);
  } else {
    inputTokens = inputCap;
    outputTokens = Math.min(outputCap, window - inputTokens);
  }
  const nanoUsd = costOfNanoUsd({ inputTokens, outputTokens }, { input: inputPrice, output: price.output });
  return { inputTokens, outputTokens, tokens: inputTokens + outputTokens, nanoUsd, usd: nanoUsdToUsd(nanoUsd) };
}

/** The worst case of an embeddings request: every input byte a token, at the input price. */
export function worstCaseEmbedding(input: readonly string[], price: Price): WorstCase {
  const inputTokens = embeddingTokensUpperBound(input);
  const nanoUsd = costOfNanoUsd({ inputTokens, outputTokens: 0 }, price);
  return { inputTokens, outputTokens: 0, tokens: inputTokens, nanoUsd, usd: nanoUsdToUsd(nanoUsd) };
}
