import type { HttpClient } from './http-client.ts';

/** What an adapter factory may be given instead of building it itself (tests substitute a client). */
export interface AdapterDependencies {
  /**
   * The HTTP client, rooted where the adapter's paths start. Default: an undici pool that the adapter's `close()`
   * closes; an injected client is left open for its owner to close.
   */
  http?: HttpClient;
}
