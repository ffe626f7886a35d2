import type { Embedder } from '../embedders/embedder.ts';
import { defaultSemanticThreshold } from '../semantic-defaults.ts';
import { createSemanticIndex, type SemanticIndex, type SemanticMatch } from './semantic-index.ts';
import type { SemanticQuery } from './semantic-query.ts';

/** Finds the cached answer to a question asked in other words, within one tenant and one exact context. */
export interface SemanticCache {
  readonly embedderId: string;
  readonly threshold: number;
  /** Longest last user message (in characters) the cache looks up. */
  readonly maxTextLength: number;
  lookup(tenant: string, query: SemanticQuery): Promise<SemanticMatch | undefined>;
  remember(tenant: string, query: SemanticQuery, key: string, ttlMs: number): Promise<void>;
  forget(tenant: string, query: SemanticQuery, key: string): void;
}

export interface SemanticCacheOptions {
  embedder: Embedder;
  /** Cosine similarity at or above which a cached question counts as the same (default: `defaultSemanticThreshold`). */
  threshold?: number;
  index?: SemanticIndex;
  maxTextLength?: number;
}

/**
 * The semantic cache over an embedder and an index. While the embedder is loading it neither looks up nor
 * remembers (it starts the loading once), so no request waits for a word-vector file to be converted.
 */
export function createSemanticCache(options: SemanticCacheOptions): SemanticCache {
  const { embedder } = options;
  const index = options.index ?? createSemanticIndex();
  const threshold = options.threshold ?? defaultSemanticThreshold;
  let warming: Promise<void> | undefined;
  const ready = (): boolean => {
    if (embedder.isReady?.() ?? true) return true;
    warming ??= (embedder.warmUp?.() ?? Promise.resolve()).catch(() => {
      warming = undefined;
    });
    return false;
  };
  const embed = async (text: string): Promise<Float32Array> => (await embedder.embed([text]))[0]!;
  return {
    embedderId: embedder.id,
    threshold,
    maxTextLength: options.maxTextLength ?? 2_000,
    async lookup(tenant, query) {
      if (!ready()) return undefined;
      return index.find(tenant, query.scopeKey, await embed(query.text), threshold);
    },
    async remember(tenant, query, key, ttlMs) {
      if (!ready()) return;
      index.add(tenant, query.scopeKey, await embed(query.text), key, ttlMs);
    },
    forget(tenant, query, key) {
      index.remove(tenant, query.scopeKey, key);
    },
  };
}
