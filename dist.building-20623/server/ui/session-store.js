import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
const digest = (value) => createHash('sha256').update(value).digest('base64url');
/**
 * Dashboard sessions in memory (this instance only): 256-bit random ids, kept by their SHA-256 so a heap dump
 * does not hand out live cookies, each with its own CSRF token. A session ends when idle for `ttlMs`, on logout,
 * or when the key it was opened with no longer authenticates (checked by the caller).
 */
export function createSessionStore(options = {}) {
    const ttlMs = options.ttlMs ?? 8 * 3_600_000;
    const capacity = options.capacity ?? 10_000;
    const now = options.now ?? Date.now;
    const sessions = new Map();
    return {
        create(principal, keyDigest) {
            const id = randomBytes(32).toString('base64url');
            const session = { principal, keyDigest, csrfToken: randomBytes(32).toString('base64url'), expiresAt: now() + ttlMs };
            sessions.set(digest(id), session);
            if (sessions.size > capacity) {
                const oldest = sessions.keys().next().value;
                if (oldest !== undefined)
                    sessions.delete(oldest);
            }
            return { id, session };
        },
        get(id) {
            if (!id || id.length > 100)
                return undefined;
            const key = digest(id);
            const session = sessions.get(key);
            if (!session)
                return undefined;
            const time = now();
            if (session.expiresAt <= time) {
                sessions.delete(key);
                return undefined;
            }
            session.expiresAt = time + ttlMs;
            return session;
        },
        delete(id) {
            if (id)
                sessions.delete(digest(id));
        },
    };
}
/** Compares a presented CSRF token with the session's in constant time. */
export function csrfTokenMatches(session, presented) {
    if (!presented)
        return false;
    const expected = Buffer.from(session.csrfToken);
    const given = Buffer.from(presented);
    return expected.length === given.length && timingSafeEqual(expected, given);
}
//# sourceMappingURL=session-store.js.map