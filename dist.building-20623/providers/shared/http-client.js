import { Pool } from 'undici';
import { GatewayError } from "../../core/errors/gateway-error.js";
import { plaintextConnection } from "../../core/transport/transport-security.js";
import { callTransportKey, createObservedPool, postQuantumRefusal } from "./observed-pool.js";
/**
 * An HttpClient on an undici keep-alive `Pool` for one origin. `undici.request` is several times cheaper per
 * call than `fetch`, which matters on the hot path.
 * @see https://undici.nodejs.org/#/docs/api/Pool
 */
export function createPoolHttpClient(baseUrl, options = {}) {
    const url = new URL(baseUrl);
    const basePath = url.pathname.replace(/\/+$/, '');
    const poolOptions = {
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
            if (baseSearch)
                path += (path.includes('?') ? '&' : '?') + baseSearch;
            const transport = request.transport;
            if (unavailable !== undefined)
                throw new GatewayError('upstream_connection', { message: `Not sent: ${unavailable}.`, retryable: true });
            if (!encrypted && transport !== undefined) {
                transport.onConnection?.(plaintextConnection);
                const policies = transport.requirePostQuantum;
                if (policies !== undefined && policies.length > 0)
                    throw postQuantumRefusal(plaintextConnection, policies);
            }
            let response;
            try {
                const dispatchOptions = {
                    method: request.method,
                    path,
                    headers: request.headers,
                    body: request.body ?? null,
                    signal: request.signal ?? null,
                };
                if (encrypted && transport !== undefined)
                    dispatchOptions[callTransportKey] = transport;
                response = await pool.request(dispatchOptions);
            }
            catch (error) {
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
                    }
                    catch (error) {
                        throw toConnectionError(error, request.signal);
                    }
                },
                cancel: () => body.destroy(),
            };
        },
        close: () => pool.close(),
    };
}
async function* readBody(body, signal) {
    try {
        for await (const chunk of body)
            yield chunk;
    }
    catch (error) {
        throw toConnectionError(error, signal);
    }
    finally {
        if (!body.destroyed)
            body.destroy();
    }
}
function flattenHeaders(headers) {
    const result = {};
    for (const [name, value] of Object.entries(headers)) {
        if (value === undefined)
            continue;
        result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return result;
}
/** Maps a network-level failure to the catalogue: timeouts to `upstream_timeout`, the rest to `upstream_connection`. */
export function toConnectionError(error, signal) {
    if (GatewayError.isInstance(error))
        return error;
    if (signal?.aborted) {
        const reason = signal.reason;
        if (GatewayError.isInstance(reason))
            return reason;
        return new GatewayError('upstream_timeout', { message: 'The call to the provider was cancelled.', cause: error, retryable: false });
    }
    const code = error?.code ?? '';
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
        return new GatewayError('upstream_timeout', { cause: error });
    }
    return new GatewayError('upstream_connection', { cause: error });
}
//# sourceMappingURL=http-client.js.map