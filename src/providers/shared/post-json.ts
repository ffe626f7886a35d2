import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { CallTransport } from '../../core/provider/adapter.ts';
import { JsonText } from '../../core/provider/json-text.ts';
import { toConnectionError, type HttpClient, type HttpResponse } from './http-client.ts';

/** One JSON POST to a provider. */
export interface JsonPost {
  /** Path and query, relative to the client's base URL. */
  path: string;
  headers: Record<string, string>;
  /** Serialised with `JSON.stringify`, unless it is a {@link JsonText}. */
  body: unknown;
  signal?: AbortSignal | undefined;
  /** The call's transport requirement and report. */
  transport?: CallTransport | undefined;
}

/**
 * Sends a JSON body with POST and returns the provider's answer whatever its status (the caller decides what a
 * non-2xx means: see `ensureSuccess`). A failure to connect or a cancelled call is thrown as a catalogued error
 * (`upstream_connection`, `upstream_timeout`, or the signal's own GatewayError reason). A body that cannot be
 * serialised never reached the provider: that is the request's fault (`invalid_request`, not retryable), never
 * counted against the provider's circuit.
 */
export async function postJson(http: HttpClient, post: JsonPost): Promise<HttpResponse> {
  const body = post.body instanceof JsonText ? post.body.text : serialise(post.body);
  try {
    return await http.request({
      method: 'POST',
      path: post.path,
      headers: post.headers,
      body,
      ...(post.signal === undefined ? {} : { signal: post.signal }),
      ...(post.transport === undefined ? {} : { transport: post.transport }),
    });
  } catch (error) {
    throw toConnectionError(error, post.signal);
  }
}

function serialise(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new GatewayError('invalid_request', {
      message: 'The request could not be serialised for the provider (it is nested too deeply or not plain JSON); nothing was sent.',
      cause: error,
    });
  }
}
