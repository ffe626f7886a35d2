import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ModelExchange, ModelRoute } from '../app.ts';
import type { HeaderReader } from '../pipeline/context.ts';
import { readNodeJsonBody } from './read-json-body.ts';
import { writeReply, type Reply } from './reply.ts';

/**
 * Serves one POST to a model endpoint straight on node:http (the hot path: no web Request, Response or streams in
 * between): hands the handler the headers, a signal aborted when the client goes away before the answer is
 * complete, and a body reader, then writes its reply.
 */
export async function serveModelRequest(
  request: IncomingMessage,
  response: ServerResponse,
  route: ModelRoute,
  handle: (route: ModelRoute, exchange: ModelExchange) => Promise<Reply>,
): Promise<void> {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  const exchange: ModelExchange = {
    headers: nodeHeaders(request),
    signal: controller.signal,
    readBody: (limits) => readNodeJsonBody(request, limits),
    ...(request.socket.remoteAddress === undefined ? {} : { remoteAddress: request.socket.remoteAddress }),
  };
  try {
    await writeReply(response, await handle(route, exchange));
  } catch {
    // The handler answers every failure itself; this only guards a write to a socket that broke mid-way.
    response.destroy();
  }
}

/** Node's parsed headers (lower-case names; repeated ones as arrays) behind the `Headers.get` shape stages read. */
function nodeHeaders(request: IncomingMessage): HeaderReader {
  const headers = request.headers;
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}
