import type { KeyRepository, StoredKey } from '../../store/key-repository.ts';
import { hashSecret, type KeyStore } from '../key-store.ts';
import { toKeyPrincipal, type KeyPrincipal } from './key-principal.ts';
import { isWellFormedKeySecret } from './key-secret.ts';

export interface VirtualKeyStore extends KeyStore {
  authenticate(secret: string, digest?: string): KeyPrincipal | undefined;
  /** Reloads the cache if any key changed (in this process or another, e.g. the CLI). */
  refresh(): Promise<void>;
  /**
   * Takes one key just written by this process into the cache without reloading the others (falls back to a
   * reload when other changes happened meanwhile). The key service calls it through its `onChange`.
   */
  apply(key: StoredKey): Promise<void>;
  /** Stops the background refresh. */
  close(): void;
  /** Live hashes in the cache (a key in a rotation grace period has two). */
  readonly size: number;
}

export interface VirtualKeyStoreOptions {
  repository: KeyRepository;
  /** How often to look for changes made by other processes (ms); 0 turns polling off. */
  refreshIntervalMs?: number;
  onError?: (error: unknown) => void;
  now?: () => number;
}

interface CacheEntry {
  principal: KeyPrincipal;
  /** For a previous hash in its grace period: when it stops working. */
  validUntil?: number;
}

/** Hashes by key id, and entries by hash. */
interface Cache {
  byHash: Map<string, CacheEntry>;
  hashesById: Map<string, string[]>;
}

function put(cache: Cache, key: StoredKey): void {
  const old = cache.hashesById.get(key.id);
  if (old) for (const hash of old) cache.byHash.delete(hash);
  cache.hashesById.delete(key.id);
  if (key.revokedAt !== undefined) return;
  const principal = toKeyPrincipal(key);
  cache.byHash.set(key.hash, { principal });
  const hashes = [key.hash];
  if (key.previousHash !== undefined && key.previousHashExpiresAt !== undefined) {
    cache.byHash.set(key.previousHash, { principal, validUntil: key.previousHashExpiresAt });
    hashes.push(key.previousHash);
  }
  cache.hashesById.set(key.id, hashes);
}

/**
 * The `KeyStore` of virtual keys: every live key's SHA-256 in memory, so authentication is one hash, one map
 * lookup, with no I/O. The cache follows the repository's
 * revision: a change made through the key service is applied before the service answers; a change made by
 * another process (the CLI) is picked up within `refreshIntervalMs` (default 1 s) by a full reload. Expiry and
 * grace periods are checked at each use, not at load.
 */
export async function createVirtualKeyStore(options: VirtualKeyStoreOptions): Promise<VirtualKeyStore> {
  const { repository } = options;
  const now = options.now ?? Date.now;
  let cache: Cache = { byHash: new Map(), hashesById: new Map() };
  let revision = Number.NaN;
  let queue: Promise<void> = Promise.resolve();

  async function reload(): Promise<void> {
    // Revision first, keys second: a change in between is seen again by the next refresh.
    const latest = await repository.revision();
    if (latest === revision) return;
    const keys = await repository.list({ includeRevoked: false });
    const fresh: Cache = { byHash: new Map(), hashesById: new Map() };
    for (const key of keys) put(fresh, key);
    cache = fresh;
    revision = latest;
  }

  /** Cache updates run one after another, so one asked for after a change always starts after that change. */
  function serially(task: () => Promise<void>): Promise<void> {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  }

  await serially(reload);
  const interval = options.refreshIntervalMs ?? 1_000;
  const timer =
    interval > 0
      ? setInterval(() => {
          serially(reload).catch((error: unknown) => options.onError?.(error));
        }, interval)
      : undefined;
  timer?.unref?.();

  return {
    authenticate(secret, digest) {
      // A raw secret that cannot be a virtual key is refused before hashing; a caller that hashed already (the chain,
      // a dashboard session re-checking the key it was opened with) is looked up by its digest.
      if (digest === undefined && !isWellFormedKeySecret(secret)) return undefined;
      // Looked up by the secret's hash (see createMemoryKeyStore for why no constant-time compare follows).
      const entry = cache.byHash.get(digest ?? hashSecret(secret));
      if (!entry) return undefined;
      const time = now();
      if (entry.validUntil !== undefined && time >= entry.validUntil) return undefined;
      if (entry.principal.expiresAt !== undefined && time >= entry.principal.expiresAt) return undefined;
      return entry.principal;
    },
    refresh: () => serially(reload),
    apply(key) {
      return serially(async () => {
        const latest = await repository.revision();
        if (latest === revision + 1) {
          put(cache, key);
          revision = latest;
        } else if (latest !== revision) {
          await reload();
        }
      });
    },
    close() {
      if (timer) clearInterval(timer);
    },
    get size() {
      return cache.byHash.size;
    },
  };
}
