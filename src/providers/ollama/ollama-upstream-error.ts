import type { GatewayError } from '../../core/errors/gateway-error.ts';
import { upstreamError } from '../shared/upstream-error.ts';

/**
 * An Ollama non-2xx answer (`{"error": "..."}`) → a catalogued error through the shared {@link upstreamError}
 * mapping (404 for a model that is not pulled, 400 for a bad request, 500 for a runner failure), with the
 * API key, if one is configured (Ollama behind an authenticating proxy, or ollama.com), removed from the text.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md
 */
export function ollamaUpstreamError(
  status: number,
  headers: Record<string, string>,
  bodyText: string,
  providerId: string,
  apiKey?: string,
): GatewayError {
  const safeText = apiKey ? bodyText.split(apiKey).join('[redacted]') : bodyText;
  return upstreamError(status, headers, safeText, providerId);
}
