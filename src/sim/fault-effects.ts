import type { Exchange } from './exchange.ts';
import type { ActiveFault } from './fault-injector.ts';
import { sendError, type HandlerContext } from './handler-context.ts';

/**
 * Applies a fault that takes the place of the answer: an error status in the dialect's shape (with
 * `retry-after` for rate limits), a request that is never answered, or a connection reset. Returns `false` for
 * the stream faults, which act while the answer is written.
 */
export function applyReplacingFault(context: HandlerContext, fault: ActiveFault): boolean {
  const { exchange } = context;
  switch (fault.kind) {
    case 'rate-limit':
      exchange.markFault(fault.kind);
      sendError(context, 'rate_limit', 'Rate limit reached for requests (simulated).', { 'retry-after': String(fault.retryAfterSeconds) });
      return true;
    case 'server-error':
      exchange.markFault(fault.kind);
      sendError(context, 'server_error', 'The server had an error while processing your request (simulated).');
      return true;
    case 'unavailable':
      exchange.markFault(fault.kind);
      sendError(context, 'unavailable', 'The service is currently unavailable (simulated).');
      return true;
    case 'overloaded':
      exchange.markFault(fault.kind);
      sendError(context, 'overloaded', 'Overloaded (simulated).');
      return true;
    case 'timeout':
      // Accept the request and never answer: the client gives up, or the simulator closes.
      exchange.markFault(fault.kind);
      return true;
    case 'connection-reset':
      exchange.markFault(fault.kind);
      exchange.resetConnection();
      return true;
    default:
      return false;
  }
}

/**
 * The stream faults on a non-streamed answer: `stream-cut` sends the first half of the JSON body and ends,
 * `malformed-chunk` sends a body that is not JSON. Both with status 200.
 */
export function sendBrokenBody(exchange: Exchange, fault: ActiveFault, bodyText: string, headers: Record<string, string>): void {
  if (exchange.closed) return;
  exchange.response.writeHead(200, { 'content-type': 'application/json', ...headers });
  exchange.markFault(fault.kind);
  exchange.response.end(fault.kind === 'stream-cut' ? bodyText.slice(0, Math.floor(bodyText.length / 2)) : `${bodyText.slice(0, 20)} this is not JSON }`);
}
