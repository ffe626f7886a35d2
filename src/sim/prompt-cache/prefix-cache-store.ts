interface Entry {
  tokens: number;
  ttlMs: number;
  expiresAt: number;
}

/**
 * One provider model's prefix cache: entries keyed by the hash of a whole prefix, each alive until `ttlMs` after
 * it was last written or read. Expired entries are never returned and are swept now and then.
 */
export class PrefixCacheStore {
  private readonly entries = new Map<string, Entry>();
  private writesSinceSweep = 0;

  /** The entry for a prefix when it is alive at `now`. */
  get(hash: string, now: number): Entry | undefined {
    const entry = this.entries.get(hash);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry;
  }

  /** Reads an entry: a hit refreshes its lifetime (Anthropic and OpenAI both do). */
  touch(hash: string, now: number): void {
    const entry = this.get(hash, now);
    if (entry) entry.expiresAt = now + entry.ttlMs;
  }

  put(hash: string, tokens: number, ttlMs: number, now: number): void {
    const existing = this.get(hash, now);
    const lifetime = Math.max(ttlMs, existing?.ttlMs ?? 0);
    this.entries.set(hash, { tokens, ttlMs: lifetime, expiresAt: now + lifetime });
    if (++this.writesSinceSweep >= 10_000) this.sweep(now);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  private sweep(now: number): void {
    this.writesSinceSweep = 0;
    for (const [hash, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(hash);
  }
}
