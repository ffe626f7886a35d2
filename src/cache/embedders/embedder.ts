/**
 * Turns texts into vectors for the semantic cache. Every vector an embedder returns has `dimensions` entries
 * and unit L2 norm (or is all zeros for a text with nothing to embed), so cosine similarity is a dot product.
 * `id` names the embedder and its settings: vectors from embedders with different ids are never compared.
 * @see https://platform.openai.com/docs/api-reference/embeddings
 */
export interface Embedder {
  readonly id: string;
  readonly dimensions: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /**
   * False while the embedder is still loading (the word-vector embedder converts its data on first use). The
   * semantic cache skips lookups until it is ready instead of making a request wait; absent means always ready.
   */
  isReady?(): boolean;
  /** Starts loading in the background; resolves when ready. */
  warmUp?(): Promise<void>;
}

/** Scales `vector` in place to unit L2 norm; an all-zero vector stays zero. Returns it. */
export function normaliseVector(vector: Float32Array): Float32Array {
  let sum = 0;
  for (let index = 0; index < vector.length; index++) sum += vector[index]! * vector[index]!;
  if (sum === 0) return vector;
  const scale = 1 / Math.sqrt(sum);
  for (let index = 0; index < vector.length; index++) vector[index]! *= scale;
  return vector;
}

/** Dot product; the cosine similarity of two unit vectors. */
export function dotProduct(left: Float32Array, right: Float32Array): number {
  let sum = 0;
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) sum += left[index]! * right[index]!;
  return sum;
}
