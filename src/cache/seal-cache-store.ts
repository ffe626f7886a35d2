import { reloadingKeyring } from '../security/envelope/reloading-keyring.ts';
import type { StorageKeyring } from '../security/envelope/storage-keyring.ts';
import type { CacheStore } from './cache-store.ts';
import { openCacheEntry, sealCacheEntry, type CacheEntryRefusal } from './sealed-cache-entry.ts';

export interface SealCacheStoreOptions {
  /** Reads the keyring again when an entry names a key it lacks (a rotation while the gateway runs). */
  reload?: () => StorageKeyring;
  /** A stored value that was not served (altered, moved, in clear, under an unknown key): for a log line and a metric. */
  onRefused?: (refusal: CacheEntryRefusal) => void;
}

/**
 * A cache store whose values are sealed in post-quantum envelopes (`sealCacheEntry`): the store underneath (Redis,
 * memory) holds only the namespace (tenant), the key (a SHA-256 of the request, see `exactChatKey`) and an envelope.
 * Each envelope binds its namespace and key, so an entry copied elsewhere in the store does not open there.
 *
 * Fails open, like every cache: a value that does not open (altered, moved, stored in clear before sealing was on,
 * sealed under a key the keyring lacks) is a miss, reported to `onRefused`, never served and never an error; the
 * fresh answer then replaces it. New values are sealed under the keyring's current key.
 */
export function sealCacheStore(store: CacheStore, initial: StorageKeyring, options: SealCacheStoreOptions = {}): CacheStore {
  const keyring = reloadingKeyring(initial, options.reload);
  return {
    async get(namespace, key) {
      const stored = await store.get(namespace, key);
      if (stored === undefined) return undefined;
      const opened = openCacheEntry(stored, namespace, key, keyring);
      if ('value' in opened) return opened.value;
      options.onRefused?.(opened);
      return undefined;
    },
    set: (namespace, key, value, ttlMs) => store.set(namespace, key, sealCacheEntry({ namespace, key, value }, keyring.current()), ttlMs),
    delete: (namespace, key) => store.delete(namespace, key),
  };
}
