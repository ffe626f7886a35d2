import type { ChatRequest, EmbeddingRequest } from '../core/canonical/request.ts';
import { canonicalJson } from '../security/audit/canonical-json.ts';
import { cacheableChatRequest, cacheableEmbeddingRequest } from './cacheable-request.ts';
import { sha256Hex } from './sha256-hex.ts';

/**
 * Who may share an answer. `boundary` is the set of provider ids the request was allowed to reach (the route
 * decision's candidates): a key matches only when the set is identical, so an answer produced where a stricter
 * request may not go is never served to it. `partition` holds the declared data-profile headers
 * (classification, residency, labels), so a request declared SECRET never shares an entry with an undeclared one.
 */
export interface CacheScope {
  tenant: string;
  boundary: readonly string[];
  partition?: Readonly<Record<string, string>>;
}

/** The compliance boundary of a candidate list: its distinct provider ids, sorted. */
export function cacheBoundary(candidates: ReadonlyArray<{ providerId: string }>): string[] {
  return [...new Set(candidates.map((candidate) => candidate.providerId))].sort();
}

/** Version of the key layout; bump it when the cacheable form changes so old entries stop matching. */
const keyVersion = 1;

/** The exact-cache key of a chat request: SHA-256 of the canonical JSON of scope and cacheable request. */
export function exactChatKey(request: ChatRequest, scope: CacheScope): string {
  return scopedKey('chat', cacheableChatRequest(request), scope);
}

/** The exact-cache key of an embeddings request. */
export function exactEmbeddingKey(request: EmbeddingRequest & { encodingFormat?: string }, scope: CacheScope): string {
  return scopedKey('embeddings', cacheableEmbeddingRequest(request), scope);
}

/** Hashes `body` together with the endpoint and the whole scope (tenant, sorted boundary, partition). */
export function scopedKey(endpoint: string, body: Record<string, unknown>, scope: CacheScope): string {
  return sha256Hex(
    canonicalJson({
      version: keyVersion,
      endpoint,
      tenant: scope.tenant,
      boundary: [...new Set(scope.boundary)].sort(),
      partition: scope.partition ?? {},
      request: body,
    }),
  );
}
