import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the test server received it. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type FixtureHandler = (request: RecordedRequest, response: ServerResponse) => void;

export interface FixtureServer {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  requests: RecordedRequest[];
  /** Sets how the next requests are answered. */
  handle(handler: FixtureHandler): void;
  close(): Promise<void>;
}

/** A local HTTP server on 127.0.0.1 and a free port, so adapter tests do real HTTP against recorded wire bodies. */
export async function startFixtureServer(): Promise<FixtureServer> {
  let handler: FixtureHandler = (_request, response) => response.writeHead(500).end();
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const recorded = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      handler(recorded, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads a fixture file next to this module. */
export function readFixture(name: string): string {
  return readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
}

/** Answers with a JSON fixture of the form `{ status, headers, body }`, or with a bare body and 200. */
export function answerJson(response: ServerResponse, fixture: unknown, status = 200): void {
  const wrapped = fixture as { status?: number; headers?: Record<string, string>; body?: unknown };
  if (typeof wrapped.status === 'number' && 'body' in wrapped) {
    response.writeHead(wrapped.status, { 'content-type': 'application/json', ...wrapped.headers });
    response.end(JSON.stringify(wrapped.body));
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(fixture));
}

/** Answers with an SSE body, written in one go. */
export function answerSse(response: ServerResponse, text: string): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  response.end(text);
}
