import type { EmbedderName } from './embedders/create-embedder.ts';

/**
 * The semantic cache's default embedder and similarity threshold, chosen on the QQP dev set so that a semantic
 * hit is the same question with precision >= 0.95 (a false hit gives a user the answer to another question):
 *
 *   npx tsx bench/semantic-cache.ts
 *
 * (figures in the commit that set these and in bench/semantic-cache.ts). The threshold was picked on the "tune"
 * half of the set (a deterministic hash split) and checked on the "test" half.
 */
export const defaultSemanticEmbedder: EmbedderName = 'ngram';
export const defaultSemanticThreshold = 0.98;
/** The precision the default threshold must reach on the tune half. */
export const semanticTargetPrecision = 0.95;
