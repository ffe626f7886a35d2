import { canonicalJson } from "../security/audit/canonical-json.js";
import { cacheableChatRequest, cacheableEmbeddingRequest } from "./cacheable-request.js";
import { sha256Hex } from "./sha256-hex.js";
/** The compliance boundary of a candidate list: its distinct provider ids, sorted. */
export function cacheBoundary(candidates) {
    return [...new Set(candidates.map((candidate) => candidate.providerId))].sort();
}
/** Version of the key layout; bump it when the cacheable form changes so old entries stop matching. */
const keyVersion = 1;
/** The exact-cache key of a chat request: SHA-256 of the canonical JSON of scope and cacheable request. */
export function exactChatKey(request, scope) {
    return scopedKey('chat', cacheableChatRequest(request), scope);
}
/** The exact-cache key of an embeddings request. */
export function exactEmbeddingKey(request, scope) {
    return scopedKey('embeddings', cacheableEmbeddingRequest(request), scope);
}
/** Hashes `body` together with the endpoint and the whole scope (tenant, sorted boundary, partition). */
export function scopedKey(endpoint, body, scope) {
    return sha256Hex(canonicalJson({
        version: keyVersion,
        endpoint,
        tenant: scope.tenant,
        boundary: [...new Set(scope.boundary)].sort(),
        partition: scope.partition ?? {},
        request: body,
    }));
}
//# sourceMappingURL=exact-cache-key.js.map