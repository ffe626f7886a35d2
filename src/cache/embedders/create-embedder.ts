import { combineEmbedders } from './combine-embedders.ts';
import type { Embedder } from './embedder.ts';
import { createGatewayEmbedder, type GatewayEmbedderOptions } from './gateway-embedder.ts';
import { createNgramEmbedder } from './ngram-embedder.ts';
import { createWinkEmbedder } from './wink-embedder.ts';

/** The embedders the configuration can name. */
export const embedderNames = ['ngram', 'wink', 'wink-mean', 'hybrid', 'gateway'] as const;
export type EmbedderName = (typeof embedderNames)[number];

export interface CreateEmbedderOptions {
  /** Where the word-vector embedders keep their binary copy of the vectors (`<state dir>/cache`). */
  cacheDirectory: string;
  /** Required for `gateway`. */
  gateway?: GatewayEmbedderOptions;
}

/**
 * Builds an embedder by name: `ngram` (hashed character n-grams, words and word pairs; no data, order-aware),
 * `wink` (SIF-weighted wink word vectors), `wink-mean` (plain average), `hybrid` (wink and ngram, equal weight)
 * or `gateway` (the gateway's own `/v1/embeddings`).
 */
export function createEmbedder(name: EmbedderName, options: CreateEmbedderOptions): Embedder {
  switch (name) {
    case 'ngram':
      return createNgramEmbedder();
    case 'wink':
      return createWinkEmbedder({ cacheDirectory: options.cacheDirectory });
    case 'wink-mean':
      return createWinkEmbedder({ cacheDirectory: options.cacheDirectory, weighting: 'mean' });
    case 'hybrid':
      return combineEmbedders([
        { embedder: createWinkEmbedder({ cacheDirectory: options.cacheDirectory }), weight: 0.5 },
        { embedder: createNgramEmbedder(), weight: 0.5 },
      ]);
    case 'gateway':
      if (!options.gateway) throw new Error('the gateway embedder needs a base URL, an API key, a model and its dimensions');
      return createGatewayEmbedder(options.gateway);
  }
}
