import { hashSecret } from "../key-store.js";
import { toKeyPrincipal } from "./key-principal.js";
import { isWellFormedKeySecret } from "./key-secret.js";
function put(cache, key) {
    const old = cache.hashesById.get(key.id);
    if (old)
        for (const hash of old)
            cache.byHash.delete(hash);
    cache.hashesById.delete(key.id);
    if (key.revokedAt !== undefined)
        return;
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
export async function createVirtualKeyStore(options) {
    const { repository } = options;
    const now = options.now ?? Date.now;
    let cache = { byHash: new Map(), hashesById: new Map() };
    let revision = Number.NaN;
    let queue = Promise.resolve();
    async function reload() {
        // Revision first, keys second: a change in between is seen again by the next refresh.
        const latest = await repository.revision();
        if (latest === revision)
            return;
        const keys = await repository.list({ includeRevoked: false });
        const fresh = { byHash: new Map(), hashesById: new Map() };
        for (const key of keys)
            put(fresh, key);
        cache = fresh;
        revision = latest;
    }
    /** Cache updates run one after another, so one asked for after a change always starts after that change. */
    function serially(task) {
        const next = queue.then(task, task);
        queue = next.catch(() => undefined);
        return next;
    }
    await serially(reload);
    const interval = options.refreshIntervalMs ?? 1_000;
    const timer = interval > 0
        ? setInterval(() => {
            serially(reload).catch((error) => options.onError?.(error));
        }, interval)
        : undefined;
    timer?.unref?.();
    return {
        authenticate(secret, digest) {
            // A raw secret that cannot be a virtual key is refused before hashing; a caller that hashed already (the chain,
            // a dashboard session re-checking the key it was opened with) is looked up by its digest.
            if (digest === undefined && !isWellFormedKeySecret(secret))
                return undefined;
            // Looked up by the secret's hash (see createMemoryKeyStore for why no constant-time compare follows).
            const entry = cache.byHash.get(digest ?? hashSecret(secret));
            if (!entry)
                return undefined;
            const time = now();
            if (entry.validUntil !== undefined && time >= entry.validUntil)
                return undefined;
            if (entry.principal.expiresAt !== undefined && time >= entry.principal.expiresAt)
                return undefined;
            return entry.principal;
        },
        refresh: () => serially(reload),
        apply(key) {
            return serially(async () => {
                const latest = await repository.revision();
                if (latest === revision + 1) {
                    put(cache, key);
                    revision = latest;
                }
                else if (latest !== revision) {
                    await reload();
                }
            });
        },
        close() {
            if (timer)
                clearInterval(timer);
        },
        get size() {
            return cache.byHash.size;
        },
    };
}
//# sourceMappingURL=virtual-key-store.js.map