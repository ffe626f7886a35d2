/** A full namespace is swept for expired entries at most this often, so a set stays O(1) amortised. */
const sweepIntervalMs = 1_000;
/**
 * An in-process cache store: per namespace a Map in recency order, evicting the least recently used entry while
 * the namespace is over its entry or byte limit, so one tenant can never push another's answers out. Expired
 * entries are dropped when read, and swept out (at most once a second) before a live entry is evicted. Each
 * operation is O(1) amortised.
 */
export function createMemoryCacheStore(options = {}) {
    const maxEntries = options.maxEntriesPerNamespace ?? 10_000;
    const maxBytes = options.maxBytesPerNamespace ?? 64 * 1024 * 1024;
    const now = options.now ?? Date.now;
    const namespaces = new Map();
    const encoder = new TextEncoder();
    const byteLength = (text) => (text.length < 256 ? encoder.encode(text).length : Buffer.byteLength(text, 'utf8'));
    const remove = (space, key) => {
        const entry = space.entries.get(key);
        if (!entry)
            return;
        space.entries.delete(key);
        space.bytes -= entry.bytes;
    };
    const evict = (space) => {
        if (space.entries.size <= maxEntries && space.bytes <= maxBytes)
            return;
        const time = now();
        if (time - space.sweptAt >= sweepIntervalMs) {
            space.sweptAt = time;
            for (const [key, entry] of space.entries)
                if (entry.expiresAt <= time)
                    remove(space, key);
        }
        for (const key of space.entries.keys()) {
            if (space.entries.size <= maxEntries && space.bytes <= maxBytes)
                break;
            remove(space, key);
        }
    };
    return {
        get(namespace, key) {
            const space = namespaces.get(namespace);
            const entry = space?.entries.get(key);
            if (!space || !entry)
                return Promise.resolve(undefined);
            if (entry.expiresAt <= now()) {
                remove(space, key);
                return Promise.resolve(undefined);
            }
            space.entries.delete(key);
            space.entries.set(key, entry);
            return Promise.resolve(entry.value);
        },
        set(namespace, key, value, ttlMs) {
            const bytes = byteLength(key) + byteLength(value);
            let space = namespaces.get(namespace);
            if (space)
                remove(space, key);
            if (bytes > maxBytes || ttlMs <= 0 || maxEntries <= 0)
                return Promise.resolve();
            if (!space)
                namespaces.set(namespace, (space = { entries: new Map(), bytes: 0, sweptAt: 0 }));
            space.entries.set(key, { value, bytes, expiresAt: now() + ttlMs });
            space.bytes += bytes;
            evict(space);
            return Promise.resolve();
        },
        delete(namespace, key) {
            const space = namespaces.get(namespace);
            if (space)
                remove(space, key);
            return Promise.resolve();
        },
        usage(namespace) {
            const space = namespaces.get(namespace);
            return { entries: space?.entries.size ?? 0, bytes: space?.bytes ?? 0 };
        },
    };
}
//# sourceMappingURL=memory-cache-store.js.map