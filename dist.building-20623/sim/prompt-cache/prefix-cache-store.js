/**
 * One provider model's prefix cache: entries keyed by the hash of a whole prefix, each alive until `ttlMs` after
 * it was last written or read. Expired entries are never returned and are swept now and then.
 */
export class PrefixCacheStore {
    entries = new Map();
    writesSinceSweep = 0;
    /** The entry for a prefix when it is alive at `now`. */
    get(hash, now) {
        const entry = this.entries.get(hash);
        if (entry === undefined)
            return undefined;
        if (entry.expiresAt <= now) {
            this.entries.delete(hash);
            return undefined;
        }
        return entry;
    }
    /** Reads an entry: a hit refreshes its lifetime (Anthropic and OpenAI both do). */
    touch(hash, now) {
        const entry = this.get(hash, now);
        if (entry)
            entry.expiresAt = now + entry.ttlMs;
    }
    put(hash, tokens, ttlMs, now) {
        const existing = this.get(hash, now);
        const lifetime = Math.max(ttlMs, existing?.ttlMs ?? 0);
        this.entries.set(hash, { tokens, ttlMs: lifetime, expiresAt: now + lifetime });
        if (++this.writesSinceSweep >= 10_000)
            this.sweep(now);
    }
    get size() {
        return this.entries.size;
    }
    clear() {
        this.entries.clear();
    }
    sweep(now) {
        this.writesSinceSweep = 0;
        for (const [hash, entry] of this.entries)
            if (entry.expiresAt <= now)
                this.entries.delete(hash);
    }
}
//# sourceMappingURL=prefix-cache-store.js.map