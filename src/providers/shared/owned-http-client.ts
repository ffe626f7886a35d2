import { createPoolHttpClient, type HttpClient, type PoolHttpClientOptions } from './http-client.ts';

/** An adapter's HTTP client and how to release it. */
export interface OwnedHttpClient {
  http: HttpClient;
  /** Closes the pool the adapter created; leaves an injected client open. */
  close(): Promise<void>;
}

/**
 * The injected client if there is one, else an undici pool on `baseUrl` (see `createPoolHttpClient`) that
 * belongs to the adapter and is closed by its `close()`.
 * @see https://undici.nodejs.org/#/docs/api/Pool
 */
export function ownedHttpClient(injected: HttpClient | undefined, baseUrl: string, options: PoolHttpClientOptions = {}): OwnedHttpClient {
  if (injected !== undefined) return { http: injected, close: async () => undefined };
  const http = createPoolHttpClient(baseUrl, options);
  return { http, close: () => http.close() };
}
