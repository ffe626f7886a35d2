/**
 * Where cached answers live: serialised strings under a key, grouped by namespace (the tenant), each with a time
 * to live. Three methods, so a Redis or SQLite backend is small; every backend runs `describeCacheStore`'s
 * contract tests. A backend enforces its own size limits (the memory store: entries and bytes per namespace, LRU).
 * @see https://github.com/nodejs/undici/blob/main/docs/docs/api/CacheStore.md
 */
export interface CacheStore {
  get(namespace: string, key: string): Promise<string | undefined>;
  /** Stores `value` for `ttlMs` milliseconds; a value the backend cannot hold (too large) is silently not stored. */
  set(namespace: string, key: string, value: string, ttlMs: number): Promise<void>;
  delete(namespace: string, key: string): Promise<void>;
}
