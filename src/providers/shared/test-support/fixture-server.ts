import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fixture server received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/chat/completions`. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The body parsed as a JSON object (`{}` for an empty body). */
  json(): Record<string, unknown>;
}

/** How the server answers: the recorded request, the response to write, and the raw request (for its socket). */
export type FixtureHandler = (request: RecordedRequest, response: ServerResponse, incoming: IncomingMessage) => void;

/** A local HTTP server that adapter tests point an adapter at. */
export interface FixtureServer {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** Every request received since the start or the last {@link FixtureServer.forgetRequests}, in order. */
  readonly requests: RecordedRequest[];
  /** Sets how the next requests are answered (until the next call) and forgets the requests recorded so far. */
  handle(handler: FixtureHandler): void;
  /** Forgets the requests recorded so far. */
  forgetRequests(): void;
  /** Closes every open connection and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 and a free port, so adapter tests do real HTTP against recorded wire bodies
 * (`__fixtures__` next to each adapter). It answers 500 until a handler is set.
 */
export async function startFixtureServer(): Promise<FixtureServer> {
  let handler: FixtureHandler = (_request, response) => response.writeHead(500).end();
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body,
        json: () => JSON.parse(body || '{}') as Record<string, unknown>,
      };
      requests.push(recorded);
      handler(recorded, response, incoming);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      handler = next;
      requests.length = 0;
    },
    forgetRequests() {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
