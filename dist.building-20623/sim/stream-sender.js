/**
 * Writes a streamed response: the headers and the frames up to the first content at once, then one content
 * frame every `intervalMs`. A `stream-cut` fault ends the body after `afterChunks` content frames without the
 * terminator; `malformed-chunk` first writes a frame that is not JSON. Stops as soon as the client goes away.
 */
export async function sendStream(exchange, plan, headers, intervalMs, fault) {
    if (exchange.closed)
        return;
    exchange.response.writeHead(200, { 'content-type': plan.contentType, 'cache-control': 'no-cache', ...headers });
    exchange.response.flushHeaders();
    let contentSent = 0;
    for (const frame of plan.frames) {
        if (exchange.closed)
            return;
        const streamFault = fault && (fault.kind === 'stream-cut' || fault.kind === 'malformed-chunk') ? fault : undefined;
        if (streamFault && (frame.kind === 'terminal' || (frame.kind === 'content' && contentSent >= streamFault.afterChunks))) {
            if (streamFault.kind === 'malformed-chunk')
                exchange.response.write(plan.malformed);
            exchange.markFault(streamFault.kind);
            exchange.response.end();
            return;
        }
        if (frame.kind === 'content' && contentSent > 0 && intervalMs > 0 && !(await exchange.wait(intervalMs)))
            return;
        exchange.response.write(frame.text);
        if (frame.kind === 'content')
            contentSent++;
    }
    exchange.response.end();
}
//# sourceMappingURL=stream-sender.js.map