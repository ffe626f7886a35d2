import { dotProduct } from '../embedders/embedder.ts';
import { meetsThreshold } from './meets-threshold.ts';

/** The best cached entry for a query: the exact-cache key of the answer, and how similar its question was. */
export interface SemanticMatch {
  key: string;
  similarity: number;
}

/**
 * Unit vectors of cached questions, per tenant and scope (see `SemanticQuery.scopeKey`), searched by brute-force
 * cosine similarity. A scan of 10,000 100-dimension vectors takes about 1 ms, so up to about 10,000 entries per
 * scope a scan beats keeping an approximate index; beyond that, use an ANN index (HNSW) behind this interface.
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

interface Entry {
  vector: Float32Array;
  expiresAt: number;
}

interface TenantIndex {
  scopes: Map<string, Map<string, Entry>>;
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
      let best: SemanticMatch | undefined;
      for (const [key, entry] of scope) {
        if (entry.expiresAt <= time) {
          remove(index, scopeKey, key);
          continue;
        }
        const similarity = dotProduct(vector, entry.vector);
        if (meetsThreshold(similarity, threshold) && (!best || similarity > best.similarity)) best = { key, similarity };
      }
      return best;
    },
    add(tenant, scopeKey, vector, key, ttlMs) {
      if (maxEntries <= 0 || ttlMs <= 0) return;
      let index = tenants.get(tenant);
      if (!index) tenants.set(tenant, (index = { scopes: new Map(), order: new Set() }));
      remove(index, scopeKey, key);
      let scope = index.scopes.get(scopeKey);
      if (!scope) index.scopes.set(scopeKey, (scope = new Map()));
      scope.set(key, { vector, expiresAt: now() + ttlMs });
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
