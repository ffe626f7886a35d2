import type { EmbeddingRequest } from '../../core/canonical/request.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';

/** Throws `upstream_bad_response` unless the provider returned exactly one embedding per input. */
export function checkEmbeddingCount(count: number, request: EmbeddingRequest, providerId: string): void {
  if (count === request.input.length) return;
  throw new GatewayError('upstream_bad_response', {
    message: `Provider ${providerId} returned ${count} embeddings for ${request.input.length} inputs.`,
    details: { provider: providerId },
  });
}
