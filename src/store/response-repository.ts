import type { InheritedProfile } from '../core/profile/inherit-profile.ts';

/**
 * What a stored response carried, kept so that a later turn that continues it is held to it: the effective
 * classification (with its caveats), the residency requirements and the labels. Levels and kinds, never values.
 */
export type StoredProfile = InheritedProfile;

/** One stored answer of the Responses API (`store: true`), scoped to its tenant. Times are ms since the epoch. */
export interface StoredResponse {
  /** `resp_...`. */
  id: string;
  tenant: string;
  /** The key that created it. */
  keyId: string;
  createdAt: number;
  /** After this instant the response is gone, as if deleted. */
  expiresAt: number;
  /** The response this one continued, if any. */
  previousResponseId?: string;
  /** The response object as the client received it. */
  response: Record<string, unknown>;
  /** This turn's input items, each with an id. */
  inputItems: Array<Record<string, unknown>>;
  profile: StoredProfile;
}

/**
 * Stored Responses API answers. Every read and delete names the tenant: another tenant's response, like an expired
 * one, does not exist. Backends: SQLite (embedded); others implement the same contract (`response-repository-contract.ts`).
 */
export interface ResponseRepository {
  /** Stores a response (a response id is stored once; storing it again replaces it). */
  put(response: StoredResponse): Promise<void>;
  /** The tenant's response with this id, unless it expired by `now`. */
  get(tenant: string, id: string, now: number): Promise<StoredResponse | undefined>;
  /** Deletes the tenant's response; false when there was none (or it had expired). */
  delete(tenant: string, id: string, now: number): Promise<boolean>;
  /** Removes every response expired by `now`; returns how many. */
  deleteExpired(now: number): Promise<number>;
}

/** One stored response's `response` column, for a pass over every row (re-wrapping sealed content after rotation). */
export interface StoredResponseContent {
  tenant: string;
  id: string;
  response: Record<string, unknown>;
}

/** Every stored response's content, page by page, and a compare-and-set replacement of it (the storage-key rotation). */
export interface StoredResponseContents {
  /** Up to `limit` rows whose id sorts after `afterId`, in id order (expired rows included). */
  page(afterId: string, limit: number): Promise<StoredResponseContent[]>;
  /** Replaces a row's `response` when it still holds `previous` (a concurrent write wins); true when replaced. */
  replace(tenant: string, id: string, previous: Record<string, unknown>, next: Record<string, unknown>): Promise<boolean>;
}
