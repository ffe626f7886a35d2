import { GatewayError } from "../../core/errors/gateway-error.js";
/** Throws `upstream_bad_response` unless the provider returned exactly one embedding per input. */
export function checkEmbeddingCount(count, request, providerId) {
    if (count === request.input.length)
        return;
    throw new GatewayError('upstream_bad_response', {
        message: `Provider ${providerId} returned ${count} embeddings for ${request.input.length} inputs.`,
        details: { provider: providerId },
    });
}
//# sourceMappingURL=check-embedding-count.js.map