import { dotProduct } from '../embedders/embedder.ts';
import { meetsThreshold } from './meets-threshold.ts';
import { ScopeEntries } from './scope-entries.ts';
import { maxDifferingBits, popcount, signSignature } from './sign-signature.ts';

/** The best cached entry for a query: the exact-cache key of the answer, and how similar its question was. */
export interface SemanticMatch {
  key: string;
  similarity: number;
}

/**
 * Unit vectors of cached questions, per tenant and scope (see `SemanticQuery.scopeKey`), searched exhaustively:
 * each entry's 64-bit sign signature is compared first (a few nanoseconds), and the full cosine is computed only
 * for entries whose signature is close enough to possibly reach the threshold. At a high threshold (0.98) that is
 * almost none, so 10,000 entries of 1,024 dimensions scan in well under a millisecond instead of about 20 ms of
 * dot products. The answer is exact (the cosine decides); the prefilter can only miss a true match with
 * probability below 1e-8. Beyond some 10,000 entries per scope, or at low thresholds, use an ANN index (HNSW).
 */
export interface SemanticIndex {
  find(tenant: string, scopeKey: string, vector: Float32Array, threshold: number): SemanticMatch | undefined;
  add(tenant: string, scopeKey: string, vector: Float32Array, key: string, ttlMs: number): void;
  remove(tenant: string, scopeKey: string, key: string): void;
  size(tenant: string): number;
}

export interface SemanticIndexOptions {
  /** Most entries per tenant; the oldest go first (default 10,000). */
  maxEntriesPerTenant?: number;
  now?: () => number;
}

interface TenantIndex {
  scopes: Map<string, ScopeEntries>;
  /** Every entry as `scopeKey \n key`, oldest first. */
  order: Set<string>;
}

/** The in-memory semantic index. */
export function createSemanticIndex(options: SemanticIndexOptions = {}): SemanticIndex {
  const maxEntries = options.maxEntriesPerTenant ?? 10_000;
  const now = options.now ?? Date.now;
  const tenants = new Map<string, TenantIndex>();

  const remove = (index: TenantIndex, scopeKey: string, key: string): void => {
    const scope = index.scopes.get(scopeKey);
    if (!scope?.delete(key)) return;
    if (scope.size === 0) index.scopes.delete(scopeKey);
    index.order.delete(`${scopeKey}\n${key}`);
  };

  return {
    find(tenant, scopeKey, vector, threshold) {
      const index = tenants.get(tenant);
      const scope = index?.scopes.get(scopeKey);
      if (!index || !scope) return undefined;
      const time = now();
      const [low, high] = signSignature(vector);
      const allowedBits = maxDifferingBits(threshold);
      const { signatures, expiries, keys, vectors } = scope;
      let best: SemanticMatch | undefined;
      const expired: string[] = [];
      for (let position = 0; position < keys.length; position++) {
        if (popcount(signatures[2 * position]! ^ low) + popcount(signatures[2 * position + 1]! ^ high) > allowedBits) continue;
        if (expiries[position]! <= time) {
          expired.push(keys[position]!);
          continue;
        }
        const similarity = dotProduct(vector, vectors[position]!);
        if (meetsThreshold(similarity, threshold) && (!best || similarity > best.similarity)) best = { key: keys[position]!, similarity };
      }
      for (const key of expired) remove(index, scopeKey, key);
      return best;
    },
    add(tenant, scopeKey, vector, key, ttlMs) {
      if (maxEntries <= 0 || ttlMs <= 0) return;
      let index = tenants.get(tenant);
      if (!index) tenants.set(tenant, (index = { scopes: new Map(), order: new Set() }));
      remove(index, scopeKey, key);
      let scope = index.scopes.get(scopeKey);
      if (!scope) index.scopes.set(scopeKey, (scope = new ScopeEntries()));
      scope.add(key, vector, signSignature(vector), now() + ttlMs);
      index.order.add(`${scopeKey}\n${key}`);
      for (const oldest of index.order) {
        if (index.order.size <= maxEntries) break;
        const separator = oldest.indexOf('\n');
        remove(index, oldest.slice(0, separator), oldest.slice(separator + 1));
      }
    },
    remove(tenant, scopeKey, key) {
      const index = tenants.get(tenant);
      if (index) remove(index, scopeKey, key);
    },
    size(tenant) {
      return tenants.get(tenant)?.order.size ?? 0;
    },
  };
}
