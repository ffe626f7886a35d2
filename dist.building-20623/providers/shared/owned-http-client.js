import { createPoolHttpClient } from "./http-client.js";
/**
 * The injected client if there is one, else an undici pool on `baseUrl` (see `createPoolHttpClient`) that
 * belongs to the adapter and is closed by its `close()`.
 * @see https://undici.nodejs.org/#/docs/api/Pool
 */
export function ownedHttpClient(injected, baseUrl, options = {}) {
    if (injected !== undefined)
        return { http: injected, close: async () => undefined };
    const http = createPoolHttpClient(baseUrl, options);
    return { http, close: () => http.close() };
}
//# sourceMappingURL=owned-http-client.js.map