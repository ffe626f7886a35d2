import { Client, Pool } from 'undici';
import { GatewayError } from "../../core/errors/gateway-error.js";
import { describeConnection } from "../../core/transport/transport-security.js";
import { readConnectionSecurity } from "../../security/tls/read-connection-security.js";
/** Where a request's transport requirement and report travel with its dispatch options (undici passes them on unchanged). */
export const callTransportKey = Symbol('sovereign.callTransport');
/**
 * An undici `Client` (one connection at a time, as the pool uses it with `pipelining: 1`) that reads the security
 * of each connection it opens and checks every request against it just before the request is written: undici calls
 * the handler's `onConnect` on the connection that will carry the request, after the handshake and before a byte of
 * the request, so the report is the socket's own and a refused request never leaves the gateway.
 */
class ObservedClient extends Client {
    #holder;
    constructor(origin, options, onConnection) {
        const holder = { security: undefined };
        const connect = options.connect;
        super(origin, {
            ...options,
            connect: ((connectOptions, callback) => {
                connect(connectOptions, (error, socket) => {
                    if (socket) {
                        holder.security = readConnectionSecurity(socket);
                        onConnection?.(holder.security);
                    }
                    callback(error, socket);
                });
            }),
        });
        this.#holder = holder;
    }
    dispatch(options, handler) {
        const transport = options[callTransportKey];
        if (transport === undefined)
            return super.dispatch(options, handler);
        return super.dispatch(options, new TransportCheckHandler(handler, this.#holder, transport));
    }
}
/** Forwards every callback to the request's own handler; on connect, reports the connection and enforces the requirement. */
class TransportCheckHandler {
    inner;
    holder;
    transport;
    constructor(inner, holder, transport) {
        this.inner = inner;
        this.holder = holder;
        this.transport = transport;
    }
    onConnect(abort, context) {
        const security = this.holder.security ?? { protocol: 'unknown', postQuantum: false };
        this.transport.onConnection?.(security);
        this.inner.onConnect?.call(this.inner, abort, context);
        const policies = this.transport.requirePostQuantum;
        if (policies !== undefined && policies.length > 0 && !security.postQuantum)
            abort(postQuantumRefusal(security, policies));
    }
    onError(error) {
        this.inner.onError?.(error);
    }
    onUpgrade(statusCode, headers, socket) {
        this.inner.onUpgrade?.(statusCode, headers, socket);
    }
    onResponseStarted() {
        this.inner.onResponseStarted?.();
    }
    onHeaders(statusCode, headers, resume, statusText) {
        return this.inner.onHeaders?.(statusCode, headers, resume, statusText) ?? true;
    }
    onData(chunk) {
        return this.inner.onData?.(chunk) ?? true;
    }
    onComplete(trailers) {
        this.inner.onComplete?.(trailers);
    }
    onBodySent(chunkSize, totalBytesSent) {
        this.inner.onBodySent?.(chunkSize, totalBytesSent);
    }
}
/**
 * The error of a call that may go only over post-quantum TLS and found a connection that is not: retryable, so
 * dispatch moves on to the next compliant candidate; the provider's transport facts already changed with the
 * connection's report, so the router leaves it out of later decisions.
 */
export function postQuantumRefusal(security, policies) {
    return new GatewayError('upstream_connection', {
        message: `Not sent: the connection negotiated ${describeConnection(security)}, not a post-quantum group, and policy ${policies.join(', ')} requires post-quantum transport.`,
        retryable: true,
    });
}
/**
 * An undici `Pool` whose connections are {@link ObservedClient}s: each new connection's security is reported
 * (`onConnection`), and a request dispatched with a {@link CallTransport} under {@link callTransportKey} is told
 * the security of the connection it goes out on and refused on one that does not meet its requirement.
 * @see https://undici.nodejs.org/#/docs/api/Pool (the `factory` option)
 */
export function createObservedPool(origin, options) {
    const { onConnection, ...poolOptions } = options;
    return new Pool(origin, {
        ...poolOptions,
        factory: (clientOrigin, clientOptions) => new ObservedClient(clientOrigin, clientOptions, onConnection),
    });
}
//# sourceMappingURL=observed-pool.js.map