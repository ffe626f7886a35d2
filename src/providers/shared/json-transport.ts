import type { StreamPart } from '../../core/canonical/stream-part.ts';
import type { AdapterSettings, CallOptions, StreamResponse } from '../../core/provider/adapter.ts';
import { withCallDeadline } from './call-deadline.ts';
import { ensureSuccess } from './ensure-success.ts';
import type { HttpClient, HttpResponse } from './http-client.ts';
import { postJson } from './post-json.ts';
import { readJsonResponse } from './read-json-response.ts';
import { withFinally } from './with-finally.ts';
import type { UpstreamErrorMapper } from './upstream-failure.ts';

/** What an adapter tells the transport about its protocol. */
export interface JsonProtocol {
  /** The request headers of one call: credentials, configured and per-call headers, and `accept` if the protocol wants it. */
  headers(perCall: Record<string, string> | undefined, accept: string): Record<string, string>;
  /** The path sent for an adapter path (e.g. Azure's `api-version` query); default unchanged. */
  path?(path: string): string;
  /** A protocol's own mapping of non-2xx answers; default `upstreamError`. */
  mapError?: UpstreamErrorMapper | undefined;
}

/** A 2xx JSON answer, parsed, with the provider's response headers. */
export interface JsonAnswer<T> {
  value: T;
  headers: Record<string, string>;
}

/** The ways an adapter calls its provider with a JSON body. */
export interface JsonTransport {
  /** POSTs and returns the raw answer, any status; no deadline (the pass-through path manages its own). */
  send(path: string, body: unknown, options: CallOptions, accept: string, signal: AbortSignal | undefined): Promise<HttpResponse>;
  /** POSTs and reads the whole 2xx JSON answer under the call deadline; non-2xx answers are thrown as catalogued errors. */
  requestJson<T>(path: string, body: unknown, options: CallOptions, what?: string): Promise<JsonAnswer<T>>;
  /** POSTs and returns the 2xx response with its body unread; the deadline covers only the wait for the headers. */
  openStream(path: string, body: unknown, options: CallOptions, accept: string): Promise<HttpResponse>;
  /** {@link JsonTransport.openStream}, with the body parsed into stream parts; the response is closed when the parts end. */
  stream(path: string, body: unknown, options: CallOptions, accept: string, parse: StreamParser): Promise<StreamResponse>;
}

/** A protocol's stream parser: the raw 2xx body in, canonical stream parts out. */
export type StreamParser = (body: AsyncIterable<Uint8Array>) => AsyncIterable<StreamPart>;

/**
 * The request/response plumbing every adapter shares, so an adapter keeps only its protocol: paths, headers,
 * body conversion and answer parsing. `settings` gives the provider id (for messages), the key (removed from
 * failure bodies) and `timeoutMs` (whole call when not streaming, until the response headers when streaming). Connection failures, deadlines, non-2xx answers (with the key removed) and
 * bodies that are not JSON all become catalogued errors here.
 */
export function createJsonTransport(http: HttpClient, settings: AdapterSettings, protocol: JsonProtocol): JsonTransport {
  const { providerId, timeoutMs } = settings;
  const failure = { providerId, apiKey: settings.apiKey, mapError: protocol.mapError };

  function send(path: string, body: unknown, options: CallOptions, accept: string, signal: AbortSignal | undefined): Promise<HttpResponse> {
    const sentPath = protocol.path ? protocol.path(path) : path;
    return postJson(http, { path: sentPath, headers: protocol.headers(options.headers, accept), body, signal, transport: options.transport });
  }

  function openStream(path: string, body: unknown, options: CallOptions, accept: string): Promise<HttpResponse> {
    return withCallDeadline(options.signal, timeoutMs, providerId, async (signal) => ensureSuccess(await send(path, body, options, accept, signal), failure));
  }

  return {
    send,
    requestJson: <T>(path: string, body: unknown, options: CallOptions, what?: string) =>
      withCallDeadline(options.signal, timeoutMs, providerId, async (signal): Promise<JsonAnswer<T>> => {
        const response = await ensureSuccess(await send(path, body, options, 'application/json', signal), failure);
        return { value: await readJsonResponse<T>(response, providerId, what), headers: response.headers };
      }),
    openStream,
    async stream(path, body, options, accept, parse) {
      const response = await openStream(path, body, options, accept);
      return { stream: withFinally(parse(response.body), () => response.cancel()), headers: response.headers };
    },
  };
}
