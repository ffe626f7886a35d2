import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { AdapterTlsSettings, CallTransport } from '../../core/provider/adapter.ts';
import { plaintextConnection } from '../../core/transport/transport-security.ts';
import { callTransportKey, createObservedPool, postQuantumRefusal, type TransportDispatchOptions } from './observed-pool.ts';

/** One outbound HTTP call. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Path and query, appended to the client's origin (e.g. `/v1/chat/completions?x=1`). */
  path: string;
  headers: Record<string, string>;
  /** A JSON body, already serialised. */
  body?: string;
  signal?: AbortSignal;
  /** The call's transport requirement and report (see `CallTransport`). */
  transport?: CallTransport | undefined;
}

/** The provider's answer; `body` must be consumed (read to the end) or `cancel`led. */
export interface HttpResponse {
  status: number;
  /** Lower-case header names; repeated headers are joined with `, `. */
  headers: Record<string, string>;
  body: AsyncIterable<Uint8Array>;
  text(): Promise<string>;
  cancel(): void;
}

/**
 * The outbound HTTP client an adapter uses. Injected into adapter factories, so adapters hold no global state
 * and tests can substitute one.
 */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

export interface PoolHttpClientOptions {
  /** Maximum time to receive the response headers (ms). */
  headersTimeoutMs?: number;
  /** Maximum idle time between two body chunks (ms); 0 disables. */
  bodyTimeoutMs?: number;
  /** Most keep-alive connections per provider origin; default unbounded (one per request in flight). */
  connections?: number;
  /** For an `https` origin: the groups offered, trusted authorities and a report of every new connection. */
  tls?: AdapterTlsSettings | undefined;
}

/**
 * An HttpClient on an undici keep-alive `Pool` for one origin. `undici.request` is several times cheaper per
 * call than `fetch`, which matters on the hot path.
 * @see https://undici.nodejs.org/#/docs/api/Pool
 */
export function createPoolHttpClient(baseUrl: string, options: PoolHttpClientOptions = {}): HttpClient {
  const url = new URL(baseUrl);
  const basePath = url.pathname.replace(/\/+$/, '');
  const poolOptions: Pool.Options = {
    // Long streams hold a connection each: any cap queues streams inside the gateway, unseen by the client (the
    // overhead benchmark's 2,000 idle streams waited behind 64, then 1,024). The provider's own limits apply instead.
    connections: options.connections ?? null,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: options.headersTimeoutMs ?? 60_000,
    bodyTimeout: options.bodyTimeoutMs ?? 300_000,
  };
  const tls = url.protocol === 'https:' ? options.tls : undefined;
  // TLS connections are observed (protocol and key-exchange group, checked per request); plain HTTP has nothing to read.
  const pool = url.protocol === 'https:'
    ? createObservedPool(url.origin, {
        ...poolOptions,
        connect: { ...(tls?.groups === undefined ? {} : { ecdhCurve: tls.groups }), ...(tls?.ca === undefined ? {} : { ca: tls.ca }) },
        ...(tls?.onConnection ? { onConnection: tls.onConnection } : {}),
      })
    : new Pool(url.origin, poolOptions);
  const encrypted = url.protocol === 'https:';
  const unavailable = tls !== undefined && tls.groups === undefined ? (tls.unavailable ?? 'no TLS group this runtime can offer') : undefined;
  const baseSearch = url.search.slice(1);

  return {
    async request(request) {
      let path = basePath + request.path;
      if (baseSearch) path += (path.includes('?') ? '&' : '?') + baseSearch;
      const transport = request.transport;
      if (unavailable !== undefined) throw new GatewayError('upstream_connection', { message: `Not sent: ${unavailable}.`, retryable: true });
      if (!encrypted && transport !== undefined) {
        transport.onConnection?.(plaintextConnection);
        const policies = transport.requirePostQuantum;
        if (policies !== undefined && policies.length > 0) throw postQuantumRefusal(plaintextConnection, policies);
      }
      let response: Dispatcher.ResponseData;
      try {
        const dispatchOptions: TransportDispatchOptions & Dispatcher.RequestOptions = {
          method: request.method,
          path,
          headers: request.headers,
          body: request.body ?? null,
          signal: request.signal ?? null,
        };
        if (encrypted && transport !== undefined) dispatchOptions[callTransportKey] = transport;
        response = await pool.request(dispatchOptions);
      } catch (error) {
        throw toConnectionError(error, request.signal);
      }
      const body = response.body;
      return {
        status: response.statusCode,
        headers: flattenHeaders(response.headers),
        body: readBody(body, request.signal),
        text: async () => {
          try {
            return await body.text();
          } catch (error) {
            throw toConnectionError(error, request.signal);
          }
        },
        cancel: () => body.destroy(),
      };
    },
    close: () => pool.close(),
  };
}

async function* readBody(body: Dispatcher.ResponseData['body'], signal?: AbortSignal): AsyncIterable<Uint8Array> {
  try {
    for await (const chunk of body) yield chunk as Uint8Array;
  } catch (error) {
    throw toConnectionError(error, signal);
  } finally {
    if (!body.destroyed) body.destroy();
  }
}

function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

/** Maps a network-level failure to the catalogue: timeouts to `upstream_timeout`, the rest to `upstream_connection`. */
export function toConnectionError(error: unknown, signal?: AbortSignal): GatewayError {
  if (GatewayError.isInstance(error)) return error;
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    if (GatewayError.isInstance(reason)) return reason;
    return new GatewayError('upstream_timeout', { message: 'The call to the provider was cancelled.', cause: error, retryable: false });
  }
  const code = (error as { code?: string } | null)?.code ?? '';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new GatewayError('upstream_timeout', { cause: error });
  }
  return new GatewayError('upstream_connection', { cause: error });
}
