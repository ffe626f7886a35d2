import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Principal } from '../../core/principal.ts';

/** A dashboard session: who logged in, and the token every state-changing call must echo. */
export interface Session {
  principal: Principal;
  /** SHA-256 of the key it was opened with: each use checks the key still authenticates (not revoked, not expired). */
  keyDigest: string;
  csrfToken: string;
  expiresAt: number;
}

export interface SessionStore {
  /** Opens a session; returns its id (the cookie's value, shown once) and the session. */
  create(principal: Principal, keyDigest: string): { id: string; session: Session };
  /** The live session of a cookie value; sliding: each use extends it. */
  get(id: string | undefined): Session | undefined;
  delete(id: string | undefined): void;
}

export interface SessionStoreOptions {
  /** Idle lifetime (ms). Default 8 hours. */
  ttlMs?: number;
  /** Most sessions kept; the oldest go first. Default 10,000. */
  capacity?: number;
  now?: () => number;
}

const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * Dashboard sessions in memory (this instance only): 256-bit random ids, kept by their SHA-256 so a heap dump
 * does not hand out live cookies, each with its own CSRF token. A session ends when idle for `ttlMs`, on logout,
 * or when the key it was opened with no longer authenticates (checked by the caller).
 */
export function createSessionStore(options: SessionStoreOptions = {}): SessionStore {
  const ttlMs = options.ttlMs ?? 8 * 3_600_000;
  const capacity = options.capacity ?? 10_000;
  const now = options.now ?? Date.now;
  const sessions = new Map<string, Session>();
  return {
    create(principal, keyDigest) {
      const id = randomBytes(32).toString('base64url');
      const session: Session = { principal, keyDigest, csrfToken: randomBytes(32).toString('base64url'), expiresAt: now() + ttlMs };
      sessions.set(digest(id), session);
      if (sessions.size > capacity) {
        const oldest = sessions.keys().next().value;
        if (oldest !== undefined) sessions.delete(oldest);
      }
      return { id, session };
    },
    get(id) {
      if (!id || id.length > 100) return undefined;
      const key = digest(id);
      const session = sessions.get(key);
      if (!session) return undefined;
      const time = now();
      if (session.expiresAt <= time) {
        sessions.delete(key);
        return undefined;
      }
      session.expiresAt = time + ttlMs;
      return session;
    },
    delete(id) {
      if (id) sessions.delete(digest(id));
    },
  };
}

/** Compares a presented CSRF token with the session's in constant time. */
export function csrfTokenMatches(session: Session, presented: string | undefined | null): boolean {
  if (!presented) return false;
  const expected = Buffer.from(session.csrfToken);
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
