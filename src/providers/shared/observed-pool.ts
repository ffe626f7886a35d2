import { Client, Pool, type Dispatcher } from 'undici';
import type { Duplex } from 'node:stream';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { CallTransport } from '../../core/provider/adapter.ts';
import { describeConnection, type ConnectionSecurity } from '../../core/transport/transport-security.ts';
import { readConnectionSecurity } from '../../security/tls/read-connection-security.ts';

/** Where a request's transport requirement and report travel with its dispatch options (undici passes them on unchanged). */
export const callTransportKey = Symbol('sovereign.callTransport');

/** Dispatch options that may carry a {@link CallTransport}. */
export type TransportDispatchOptions = Dispatcher.DispatchOptions & { [callTransportKey]?: CallTransport };

type Connector = (options: object, callback: (error: Error | null, socket: Duplex | null) => void) => void;

/**
 * An undici `Client` (one connection at a time, as the pool uses it with `pipelining: 1`) that reads the security
 * of each connection it opens and checks every request against it just before the request is written: undici calls
 * the handler's `onConnect` on the connection that will carry the request, after the handshake and before a byte of
 * the request, so the report is the socket's own and a refused request never leaves the gateway.
 */
class ObservedClient extends Client {
  readonly #holder: { security: ConnectionSecurity | undefined };

  constructor(origin: URL | string, options: Client.Options, onConnection: ((security: ConnectionSecurity) => void) | undefined) {
    const holder: { security: ConnectionSecurity | undefined } = { security: undefined };
    const connect = options.connect as unknown as Connector;
    super(origin, {
      ...options,
      connect: ((connectOptions: object, callback: (error: Error | null, socket: Duplex | null) => void) => {
        connect(connectOptions, (error, socket) => {
          if (socket) {
            holder.security = readConnectionSecurity(socket as never);
            onConnection?.(holder.security);
          }
          callback(error, socket);
        });
      }) as unknown as Client.Options['connect'],
    });
    this.#holder = holder;
  }

  override dispatch(options: TransportDispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const transport = options[callTransportKey];
    if (transport === undefined) return super.dispatch(options, handler);
    return super.dispatch(options, new TransportCheckHandler(handler, this.#holder, transport));
  }
}

/** Forwards every callback to the request's own handler; on connect, reports the connection and enforces the requirement. */
class TransportCheckHandler implements Dispatcher.DispatchHandler {
  constructor(
    private readonly inner: Dispatcher.DispatchHandler,
    private readonly holder: { security: ConnectionSecurity | undefined },
    private readonly transport: CallTransport,
  ) {}

  onConnect(abort: (error?: Error) => void, context?: unknown): void {
    const security = this.holder.security ?? { protocol: 'unknown', postQuantum: false };
    this.transport.onConnection?.(security);
    (this.inner.onConnect as ((abort: (error?: Error) => void, context?: unknown) => void) | undefined)?.call(this.inner, abort, context);
    const policies = this.transport.requirePostQuantum;
    if (policies !== undefined && policies.length > 0 && !security.postQuantum) abort(postQuantumRefusal(security, policies));
  }

  onError(error: Error): void {
    this.inner.onError?.(error);
  }

  onUpgrade(statusCode: number, headers: Buffer[] | string[] | null, socket: Duplex): void {
    this.inner.onUpgrade?.(statusCode, headers, socket);
  }

  onResponseStarted(): void {
    this.inner.onResponseStarted?.();
  }

  onHeaders(statusCode: number, headers: Buffer[], resume: () => void, statusText: string): boolean {
    return this.inner.onHeaders?.(statusCode, headers, resume, statusText) ?? true;
  }

  onData(chunk: Buffer): boolean {
    return this.inner.onData?.(chunk) ?? true;
  }

  onComplete(trailers: string[] | null): void {
    this.inner.onComplete?.(trailers);
  }

  onBodySent(chunkSize: number, totalBytesSent: number): void {
    this.inner.onBodySent?.(chunkSize, totalBytesSent);
  }
}

/**
 * The error of a call that may go only over post-quantum TLS and found a connection that is not: retryable, so
 * dispatch moves on to the next compliant candidate; the provider's transport facts already changed with the
 * connection's report, so the router leaves it out of later decisions.
 */
export function postQuantumRefusal(security: ConnectionSecurity, policies: readonly string[]): GatewayError {
  return new GatewayError('upstream_connection', {
    message: `Not sent: the connection negotiated ${describeConnection(security)}, not a post-quantum group, and policy ${policies.join(', ')} requires post-quantum transport.`,
    retryable: true,
  });
}

/** The pool options undici takes, plus the TLS `connect` options and the per-connection report. */
export interface ObservedPoolOptions extends Pool.Options {
  onConnection?: (security: ConnectionSecurity) => void;
}

/**
 * An undici `Pool` whose connections are {@link ObservedClient}s: each new connection's security is reported
 * (`onConnection`), and a request dispatched with a {@link CallTransport} under {@link callTransportKey} is told
 * the security of the connection it goes out on and refused on one that does not meet its requirement.
 * @see https://undici.nodejs.org/#/docs/api/Pool (the `factory` option)
 */
export function createObservedPool(origin: string, options: ObservedPoolOptions): Pool {
  const { onConnection, ...poolOptions } = options;
  return new Pool(origin, {
    ...poolOptions,
    factory: (clientOrigin, clientOptions) => new ObservedClient(clientOrigin, clientOptions as Client.Options, onConnection),
  });
}
