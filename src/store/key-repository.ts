import type { Classification } from '../core/catalog/catalog-schema.ts';
import type { BudgetLimits } from '../security/budget/budget-limits.ts';
import type { RateLimits } from '../security/rate-limit/rate-limits.ts';

/**
 * A virtual key as stored. Only the SHA-256 of the secret is kept; the secret itself is shown once at creation
 * (and at rotation) and never again. Times are milliseconds since the epoch.
 */
export interface StoredKey {
  /** Public id, `key_...`. */
  id: string;
  tenant: string;
  name: string;
  /** The first characters of the secret, for people to recognise a key (`sk-sov-AbCd`). */
  prefix: string;
  /** SHA-256 of the secret, lower-case hex. */
  hash: string;
  /** The hash before the last rotation, accepted until `previousHashExpiresAt` (the grace period). */
  previousHash?: string;
  previousHashExpiresAt?: number;
  /** Endpoint scopes: `chat`, `embeddings`, `admin`, `admin:*` (operator), `*` (every model endpoint). */
  scopes: string[];
  /** Models the key may use, as glob patterns (`gpt-4o*`, `*`). */
  models: string[];
  clearance: Classification;
  country?: string;
  labels: string[];
  budgets: BudgetLimits;
  rateLimits: RateLimits;
  expiresAt?: number;
  createdAt: number;
  revokedAt?: number;
  rotatedAt?: number;
}

/** A new secret for an existing key. */
export interface KeyHashChange {
  hash: string;
  prefix: string;
  /** Keep the old hash valid until this time (ms); absent: the old secret stops working at once. */
  previousHash?: string;
  previousHashExpiresAt?: number;
  rotatedAt: number;
}

/**
 * Persistence of virtual keys. Promise-based so that a networked backend (Postgres) fits the same interface;
 * the key store keeps everything it needs for authentication in memory, so none of this is on the hot path.
 */
export interface KeyRepository {
  /** Adds a key; rejects if the id or hash exists. */
  insert(key: StoredKey): Promise<void>;
  get(id: string): Promise<StoredKey | undefined>;
  /** Keys in creation order, optionally of one tenant, revoked ones only when asked. */
  list(filter?: { tenant?: string; includeRevoked?: boolean }): Promise<StoredKey[]>;
  /** Marks a key revoked (idempotent: the first revocation time is kept). Undefined when no such key. */
  revoke(id: string, at: number): Promise<StoredKey | undefined>;
  /** Replaces the secret's hash of a key that is not revoked. Undefined when no such (live) key. */
  changeHash(id: string, change: KeyHashChange): Promise<StoredKey | undefined>;
  /**
   * A counter that goes up by exactly one for every key inserted or changed (by any process), so a cache can
   * tell "only my change" (+1: apply it) from "others changed something too" (reload).
   */
  revision(): Promise<number>;
}
