/**
 * The exact cache shared by every instance, in Redis: `sovereign:cache:<namespace>:<key>` holds
 * `<expires at ms>\n<value>`, with a Redis TTL of the same length. The expiry inside the value is what `get`
 * checks (so every instance agrees, and tests can move the clock); the Redis TTL frees the memory. Size limits per
 * tenant are Redis's business: run it with `maxmemory` and `maxmemory-policy allkeys-lru`.
 *
 * Fails open: while Redis is away a read is a miss and a write is skipped, so requests go to the provider.
 */
export function createRedisCacheStore(client, options = {}) {
    const maxValueBytes = options.maxValueBytes ?? 1024 * 1024;
    const now = options.now ?? Date.now;
    const onError = options.onError ?? (() => undefined);
    const keyOf = (namespace, key) => client.key('cache', encodeURIComponent(namespace), key);
    return {
        async get(namespace, key) {
            if (!client.ready)
                return undefined;
            try {
                const stored = await client.commands.get(keyOf(namespace, key));
                if (stored === null)
                    return undefined;
                const newline = stored.indexOf('\n');
                const expiresAt = Number(stored.slice(0, newline));
                if (newline < 0 || !Number.isFinite(expiresAt))
                    return undefined;
                if (now() >= expiresAt)
                    return undefined;
                return stored.slice(newline + 1);
            }
            catch (error) {
                onError(error);
                return undefined;
            }
        },
        async set(namespace, key, value, ttlMs) {
            if (!client.ready || Buffer.byteLength(value) > maxValueBytes || !(ttlMs > 0))
                return;
            try {
                await client.commands.set(keyOf(namespace, key), `${now() + ttlMs}\n${value}`, 'PX', Math.ceil(ttlMs));
            }
            catch (error) {
                onError(error);
            }
        },
        async delete(namespace, key) {
            if (!client.ready)
                return;
            try {
                await client.commands.del(keyOf(namespace, key));
            }
            catch (error) {
                onError(error);
            }
        },
    };
}
//# sourceMappingURL=redis-cache-store.js.map