import type { FixtureHandler, FixtureServer } from './fixture-server.ts';

/** Answers with `status` and `body`; `content-type` is `application/json` unless `headers` says otherwise. */
export function reply(status: number, body: string, headers: Record<string, string> = {}): FixtureHandler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(body);
  };
}

/**
 * Answers with a JSON fixture: either a whole recorded answer `{ status, headers, body }` (as the OpenAI error
 * fixtures are), or a bare body sent with 200.
 */
export function replyJson(fixture: unknown): FixtureHandler {
  const recorded = fixture as { status?: number; headers?: Record<string, string>; body?: unknown };
  if (typeof recorded.status === 'number' && 'body' in recorded) return reply(recorded.status, JSON.stringify(recorded.body), recorded.headers);
  return reply(200, JSON.stringify(fixture));
}

/** Answers 200 with an event stream, written in one go. */
export function replySse(text: string, headers: Record<string, string> = {}): FixtureHandler {
  return reply(200, text, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
}

/**
 * Answers 200 with the first part of a stream and then nothing (the model is "thinking"), and resolves once the
 * connection to the server closes: how tests prove an adapter closes the upstream connection.
 */
export function holdOpen(server: FixtureServer, contentType: string, first: string): Promise<void> {
  return new Promise<void>((resolve) => {
    server.handle((_request, response) => {
      response.on('close', () => resolve());
      response.writeHead(200, { 'content-type': contentType });
      response.write(first);
    });
  });
}

/** Sends the headers and the start of a body, then stalls: a provider that stops mid-answer. */
export function stallAfter(start: string, contentType = 'application/json'): FixtureHandler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': contentType });
    response.write(start);
  };
}

/** Sends the headers at once and the whole body only after `delayMs`: a slow model behind a prompt server. */
export function replyLate(delayMs: number, body: string, contentType: string): FixtureHandler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': contentType }).flushHeaders();
    setTimeout(() => response.end(body), delayMs);
  };
}
