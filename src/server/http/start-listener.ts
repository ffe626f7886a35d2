import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { connectionSecurity, type ConnectionSecurity } from '../../core/transport/transport-security.ts';
import { readClientHello, type ClientHello } from '../../security/tls/client-hello.ts';
import { predictServerGroup } from '../../security/tls/predict-server-group.ts';
import type { ListenerTls } from '../tls/listener-tls.ts';
import { watchListenerFiles } from '../tls/watch-listener-files.ts';

/** The gateway's listening socket, plain HTTP or TLS. */
export interface Listener {
  readonly port: number;
  /** `http` or `https`. */
  readonly scheme: 'http' | 'https';
  /** What the request's connection negotiated (TLS only; `undefined` on plain HTTP). */
  transportOf(request: IncomingMessage): ConnectionSecurity | undefined;
  /** Stops accepting; resolves once every connection is closed. */
  close(): Promise<void>;
  closeIdleConnections(): void;
  closeAllConnections(): void;
}

export interface StartListenerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  maxHeaderSize: number;
  keepAliveTimeout: number;
  handler: RequestListener;
  /** `server.tls`, checked (see `loadListenerTls`); absent: plain HTTP. */
  tls?: ListenerTls;
  /** How often the certificate and key are checked for a change (ms). */
  reloadCheckMs?: number;
  /** A certificate and key pair loaded again after a change. */
  onReload?(): void;
  /** A changed pair that could not be loaded (the old one stays in use). */
  onReloadError?(error: Error): void;
}

/** How long a new connection may take to send its ClientHello before it goes to the TLS server unread (ms). */
const helloWaitMs = 10_000;

/**
 * Listens for the gateway: plain HTTP, or HTTPS with the listener's TLS. Node reports the negotiated key-exchange
 * group only to TLS clients, so over TLS each new connection's ClientHello is read first (and left in the socket's
 * buffer, nothing consumed) before the HTTPS server starts TLS on it, and the group is worked out from the hello and
 * the server's groups (`predictServerGroup`); the protocol comes from the TLS socket itself. The certificate and key
 * are loaded again for new connections when their files change.
 */
export async function startListener(options: StartListenerOptions): Promise<Listener> {
  const serverOptions = { maxHeaderSize: options.maxHeaderSize, keepAliveTimeout: options.keepAliveTimeout };
  if (options.tls === undefined) {
    const server = createServer(serverOptions, options.handler);
    const port = await listen(server, options.port, options.host);
    return { port, scheme: 'http', transportOf: () => undefined, ...closers(server, server) };
  }
  const tls = options.tls;
  const https: HttpsServer = createHttpsServer({ ...serverOptions, ...tls.read(), honorCipherOrder: true }, options.handler);
  const hellos = new Map<string, ClientHello>();
  const securities = new WeakMap<object, ConnectionSecurity>();
  // The TLS server's own connection handler runs once the ClientHello has been read (and left in the socket's buffer).
  const [startTls, ...others] = https.listeners('connection') as Array<(socket: Socket) => void>;
  if (startTls === undefined || others.length > 0) throw new Error('the HTTPS server has no single connection handler to put the ClientHello reader before');
  https.removeListener('connection', startTls);
  https.on('connection', (socket: Socket) => readHelloThenHandOver(socket, hellos, () => startTls.call(https, socket)));
  const port = await listen(https, options.port, options.host);
  const watcher = watchListenerFiles([tls.certPath, tls.keyPath], options.reloadCheckMs ?? 2000, () => {
    try {
      https.setSecureContext({ ...tls.read(), honorCipherOrder: true });
      options.onReload?.();
    } catch (error) {
      options.onReloadError?.(error as Error);
    }
  });
  const closing = closers(https, https);
  return {
    port,
    scheme: 'https',
    transportOf(request) {
      const socket = request.socket as Socket & { getProtocol?: () => string | null };
      const known = securities.get(socket);
      if (known !== undefined) return known;
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

function peerKey(socket: Socket): string {
  return `${socket.remoteAddress}|${socket.remotePort}`;
}

/** Buffers a new connection's first bytes until its ClientHello is complete, then starts TLS on it. */
function readHelloThenHandOver(socket: Socket, hellos: Map<string, ClientHello>, startTls: () => void): void {
  const key = peerKey(socket);
  const chunks: Buffer[] = [];
  let length = 0;
  let handedOver = false;
  const handOver = (hello: ClientHello | undefined) => {
    if (handedOver) return;
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
    if (length > 0) socket.unshift(Buffer.concat(chunks, length));
    startTls();
  };
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
    const hello = readClientHello(length === chunk.length ? chunk : Buffer.concat(chunks, length));
    if (hello !== 'incomplete') handOver(hello);
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

function listen(server: Server | NetServer, port: number, host: string): Promise<number> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen((server.address() as AddressInfo).port);
    });
  });
}

function closers(accepting: Server | NetServer, serving: Server | HttpsServer): Pick<Listener, 'close' | 'closeIdleConnections' | 'closeAllConnections'> {
  return {
    close: () =>
      new Promise<void>((resolveClose) => {
        accepting.close(() => resolveClose());
        serving.closeIdleConnections();
      }),
    closeIdleConnections: () => serving.closeIdleConnections(),
    closeAllConnections: () => serving.closeAllConnections(),
  };
}
