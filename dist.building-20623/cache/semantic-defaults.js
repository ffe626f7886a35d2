/**
 * The semantic cache's default embedder and similarity threshold, measured on the 16,000 QQP dev pairs with
 *
 *   npx tsx bench/semantic-cache.ts            (table; add --json for one JSON object)
 *
 * Goal: a semantic hit is the same question with precision >= 0.95 (a false hit gives a user the answer to
 * another question). Findings (2025-11, full table in src/cache/README.md):
 * - No offline embedder reaches 0.95 except at near-identity. Word vectors (wink, SIF or mean) ignore word order
 *   and entity identity ("Messi better than Ronaldo" = "Ronaldo better than Messi"): 79% precision even at 1.0.
 * - The order-aware n-gram embedder reaches 96.7% at 0.98 (29 of 30; the one false match is the mislabelled pair
 *   "What should I do after completing BCA ?" / "…BCA?"), recall 0.49%. Tune half 92.9% (13/14, that same pair;
 *   no threshold reaches 0.95 on the tune half), test half 100% (16/16). At 0.96 precision falls to 88.0%
 *   (entity swaps in long templated questions), so 0.98 keeps a 0.01 margin above that cliff.
 * In effect the default semantic cache catches re-spellings (case, punctuation, spacing, quotes, contractions) of
 * a question in the same context. Paraphrase-level recall needs a sentence-embedding model through the `gateway`
 * embedder, measured with `--embedder gateway` before its threshold is trusted.
 */
export const defaultSemanticEmbedder = 'ngram';
export const defaultSemanticThreshold = 0.98;
/** The precision a threshold must reach on the tune half of the evaluation set. */
export const semanticTargetPrecision = 0.95;
//# sourceMappingURL=semantic-defaults.js.map