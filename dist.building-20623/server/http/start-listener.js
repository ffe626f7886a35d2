import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connectionSecurity } from "../../core/transport/transport-security.js";
import { readClientHello } from "../../security/tls/client-hello.js";
import { predictServerGroup } from "../../security/tls/predict-server-group.js";
import { watchListenerFiles } from "../tls/watch-listener-files.js";
/** How long a new connection may take to send its ClientHello before it goes to the TLS server unread (ms). */
const helloWaitMs = 10_000;
/**
 * Listens for the gateway: plain HTTP, or HTTPS with the listener's TLS. Node reports the negotiated key-exchange
 * group only to TLS clients, so over TLS each new connection's ClientHello is read first (and left in the socket's
 * buffer, nothing consumed) before the HTTPS server starts TLS on it, and the group is worked out from the hello and
 * the server's groups (`predictServerGroup`); the protocol comes from the TLS socket itself. The certificate and key
 * are loaded again for new connections when their files change.
 */
export async function startListener(options) {
    const serverOptions = { maxHeaderSize: options.maxHeaderSize, keepAliveTimeout: options.keepAliveTimeout };
    if (options.tls === undefined) {
        const server = createServer(serverOptions, options.handler);
        const port = await listen(server, options.port, options.host);
        return { port, scheme: 'http', transportOf: () => undefined, ...closers(server, server) };
    }
    const tls = options.tls;
    const https = createHttpsServer({ ...serverOptions, ...tls.read(), honorCipherOrder: true }, options.handler);
    const hellos = new Map();
    const securities = new WeakMap();
    // The TLS server's own connection handler runs once the ClientHello has been read (and left in the socket's buffer).
    const [startTls, ...others] = https.listeners('connection');
    if (startTls === undefined || others.length > 0)
        throw new Error('the HTTPS server has no single connection handler to put the ClientHello reader before');
    https.removeListener('connection', startTls);
    https.on('connection', (socket) => readHelloThenHandOver(socket, hellos, () => startTls.call(https, socket)));
    const port = await listen(https, options.port, options.host);
    const watcher = watchListenerFiles([tls.certPath, tls.keyPath], options.reloadCheckMs ?? 2000, () => {
        try {
            https.setSecureContext({ ...tls.read(), honorCipherOrder: true });
            options.onReload?.();
        }
        catch (error) {
            options.onReloadError?.(error);
        }
    });
    const closing = closers(https, https);
    return {
        port,
        scheme: 'https',
        transportOf(request) {
            const socket = request.socket;
            const known = securities.get(socket);
            if (known !== undefined)
                return known;
            const protocol = socket.getProtocol?.() ?? 'unknown';
            const hello = hellos.get(peerKey(socket));
            const security = connectionSecurity(protocol, hello === undefined ? undefined : predictServerGroup(hello, protocol, tls.serverGroups));
            securities.set(socket, security);
            return security;
        },
        ...closing,
        close() {
            watcher.stop();
            return closing.close();
        },
    };
}
function peerKey(socket) {
    return `${socket.remoteAddress}|${socket.remotePort}`;
}
/** Buffers a new connection's first bytes until its ClientHello is complete, then starts TLS on it. */
function readHelloThenHandOver(socket, hellos, startTls) {
    const key = peerKey(socket);
    const chunks = [];
    let length = 0;
    let handedOver = false;
    const handOver = (hello) => {
        if (handedOver)
            return;
        handedOver = true;
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('end', onEnd);
        socket.off('error', onError);
        socket.pause();
        if (hello !== undefined) {
            hellos.set(key, hello);
            socket.once('close', () => hellos.delete(key));
        }
        if (length > 0)
            socket.unshift(Buffer.concat(chunks, length));
        startTls();
    };
    const onData = (chunk) => {
        chunks.push(chunk);
        length += chunk.length;
        const hello = readClientHello(length === chunk.length ? chunk : Buffer.concat(chunks, length));
        if (hello !== 'incomplete')
            handOver(hello);
    };
    const onEnd = () => socket.destroy();
    const onError = () => socket.destroy();
    const timer = setTimeout(() => handOver(undefined), helloWaitMs);
    timer.unref();
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('error', onError);
    socket.once('close', () => clearTimeout(timer));
    socket.resume();
}
function listen(server, port, host) {
    return new Promise((resolveListen, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
            server.off('error', reject);
            resolveListen(server.address().port);
        });
    });
}
function closers(accepting, serving) {
    return {
        close: () => new Promise((resolveClose) => {
            accepting.close(() => resolveClose());
            serving.closeIdleConnections();
        }),
        closeIdleConnections: () => serving.closeIdleConnections(),
        closeAllConnections: () => serving.closeAllConnections(),
    };
}
//# sourceMappingURL=start-listener.js.map