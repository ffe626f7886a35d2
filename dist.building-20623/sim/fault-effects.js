import { sendError } from "./handler-context.js";
const errorFaults = {
    'rate-limit': ['rate_limit', 'Rate limit reached for requests (simulated).'],
    'server-error': ['server_error', 'The server had an error while processing your request (simulated).'],
    unavailable: ['unavailable', 'The service is currently unavailable (simulated).'],
    overloaded: ['overloaded', 'Overloaded (simulated).'],
};
/**
 * Applies a fault that takes the place of the answer: an error status in the dialect's shape (with
 * `retry-after` for rate limits), a request that is never answered, or a connection reset. Returns `false` for
 * the stream faults, which act while the answer is written.
 */
export function applyReplacingFault(context, fault) {
    const { exchange } = context;
    const error = errorFaults[fault.kind];
    if (error) {
        exchange.markFault(fault.kind);
        sendError(context, error[0], error[1], fault.kind === 'rate-limit' ? { 'retry-after': String(fault.retryAfterSeconds) } : {});
        return true;
    }
    if (fault.kind === 'timeout') {
        // Accept the request and never answer: the client gives up, or the simulator closes.
        exchange.markFault(fault.kind);
        return true;
    }
    if (fault.kind === 'connection-reset') {
        exchange.markFault(fault.kind);
        exchange.resetConnection();
        return true;
    }
    return false;
}
/**
 * The stream faults on a non-streamed answer: `stream-cut` sends the first half of the JSON body and ends,
 * `malformed-chunk` sends a body that is not JSON. Both with status 200.
 */
export function sendBrokenBody(exchange, fault, bodyText, headers) {
    if (exchange.closed)
        return;
    exchange.response.writeHead(200, { 'content-type': 'application/json', ...headers });
    exchange.markFault(fault.kind);
    exchange.response.end(fault.kind === 'stream-cut' ? bodyText.slice(0, Math.floor(bodyText.length / 2)) : `${bodyText.slice(0, 20)} this is not JSON }`);
}
//# sourceMappingURL=fault-effects.js.map