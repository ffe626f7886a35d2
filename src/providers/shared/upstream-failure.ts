import type { GatewayError } from '../../core/errors/gateway-error.ts';
import type { HttpResponse } from './http-client.ts';
import { redactSecret } from './redact-secret.ts';
import { upstreamError } from './upstream-error.ts';

/** Maps a provider's non-2xx answer (status, lower-case headers, body text with the key removed) to an error. */
export type UpstreamErrorMapper = (status: number, headers: Record<string, string>, bodyText: string, providerId: string) => GatewayError;

/** Whose answer failed, the key to remove from it, and how to map it. */
export interface UpstreamFailureOptions {
  providerId: string;
  /** Removed from the body text before it is mapped. */
  apiKey?: string | undefined;
  /** A protocol's own mapping (e.g. Gemini's `RetryInfo`); default {@link upstreamError}. */
  mapError?: UpstreamErrorMapper | undefined;
}

/**
 * A non-2xx answer as a catalogued error. The body explains the failure, so it is read and kept in the message
 * (without the API key); when it cannot be read, the status alone classifies the failure.
 */
export async function upstreamFailure(response: HttpResponse, options: UpstreamFailureOptions): Promise<GatewayError> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    // the status is enough to classify the failure
  }
  const mapError = options.mapError ?? upstreamError;
  return mapError(response.status, response.headers, redactSecret(text, options.apiKey), options.providerId);
}
