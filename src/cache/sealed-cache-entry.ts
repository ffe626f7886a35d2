import { EnvelopeError, isEnvelope, openEnvelope, sealEnvelope } from '../security/envelope/envelope.ts';
import type { ReloadingKeyring } from '../security/envelope/reloading-keyring.ts';
import type { StorageKeyring } from '../security/envelope/storage-keyring.ts';

/** What marks a stored cache value as sealed: the prefix, then the envelope in base64. */
export const sealedCacheValuePrefix = 'sve1:';

const entryFormat = 'sovereign-cache-entry/v1';

/** One cache entry as sealed: the value, bound to the namespace (tenant) and key it was stored under. */
export interface CacheEntry {
  namespace: string;
  key: string;
  value: string;
}

/** Why a stored value was not served: never its content. */
export interface CacheEntryRefusal {
  namespace: string;
  reason: 'unsealed' | 'altered' | 'misplaced' | 'unknown-key';
  detail: string;
}

/**
 * The plaintext of a sealed entry: JSON `["sovereign-cache-entry/v1", namespace, key, value]`. Binding the namespace
 * and key inside the envelope means an entry copied to another key or tenant in the store does not open there.
 */
export function encodeCacheEntry(entry: CacheEntry): Buffer {
  return Buffer.from(JSON.stringify([entryFormat, entry.namespace, entry.key, entry.value]), 'utf8');
}

/** The entry in a sealed plaintext, or undefined for anything else (never throws). */
export function decodeCacheEntry(plaintext: Uint8Array): CacheEntry | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength).toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4 || parsed[0] !== entryFormat) return undefined;
  const [, namespace, key, value] = parsed as unknown[];
  if (typeof namespace !== 'string' || typeof key !== 'string' || typeof value !== 'string') return undefined;
  return { namespace, key, value };
}

/** The stored form of an entry: the prefix and its envelope (base64) under the keyring's current key. */
export function sealCacheEntry(entry: CacheEntry, keyring: StorageKeyring): string {
  return `${sealedCacheValuePrefix}${sealEnvelope(encodeCacheEntry(entry), keyring).toString('base64')}`;
}

/**
 * Opens a stored value read from `namespace` / `key`: the value, or the reason it must not be served (stored in
 * clear, altered, sealed for another key or tenant, sealed under a key the keyring lacks). Never throws for bad
 * bytes; a keyring reload that fails throws.
 */
export function openCacheEntry(stored: string, namespace: string, key: string, keyring: ReloadingKeyring): { value: string } | CacheEntryRefusal {
  if (!stored.startsWith(sealedCacheValuePrefix)) return { namespace, reason: 'unsealed', detail: 'the stored value is not sealed' };
  const envelope = Buffer.from(stored.slice(sealedCacheValuePrefix.length), 'base64');
  if (!isEnvelope(envelope)) return { namespace, reason: 'altered', detail: 'the stored value is not a readable envelope' };
  let plaintext: Buffer;
  try {
    plaintext = openEnvelope(envelope, keyring.for(envelope));
  } catch (error) {
    if (!(error instanceof EnvelopeError)) throw error;
    if (!error.message.includes('not in the keyring')) return { namespace, reason: 'altered', detail: error.message };
    return { namespace, reason: 'unknown-key', detail: `${error.message} (gateways sharing a cache must share the storage keyring: SOVEREIGN_STORAGE_KEYS or one storage-keys.json)` };
  }
  const entry = decodeCacheEntry(plaintext);
  plaintext.fill(0);
  if (entry === undefined) return { namespace, reason: 'altered', detail: 'the sealed entry is not a cache entry' };
  if (entry.namespace !== namespace || entry.key !== key) return { namespace, reason: 'misplaced', detail: 'the sealed entry was stored under another key or tenant' };
  return { value: entry.value };
}
