import { readNodeJsonBody } from "./read-json-body.js";
import { writeReply } from "./reply.js";
/**
 * Serves one POST to a model endpoint straight on node:http (the hot path: no web Request, Response or streams in
 * between): hands the handler the headers, a signal aborted when the client goes away before the answer is
 * complete, a body reader and what the client's connection negotiated (over TLS), then writes its reply.
 */
export async function serveModelRequest(request, response, route, handle, transportOf) {
    const controller = new AbortController();
    response.once('close', () => {
        if (!response.writableFinished)
            controller.abort();
    });
    const exchange = {
        headers: nodeHeaders(request),
        signal: controller.signal,
        readBody: (limits) => readNodeJsonBody(request, limits),
        ...(request.socket.remoteAddress === undefined ? {} : { remoteAddress: request.socket.remoteAddress }),
    };
    const transport = transportOf?.(request);
    if (transport !== undefined)
        exchange.transport = transport;
    try {
        await writeReply(response, await handle(route, exchange));
    }
    catch {
        // The handler answers every failure itself; this only guards a write to a socket that broke mid-way.
        response.destroy();
    }
}
/** Node's parsed headers (lower-case names; repeated ones as arrays) behind the `Headers.get` shape stages read. */
function nodeHeaders(request) {
    const headers = request.headers;
    return {
        get(name) {
            const value = headers[name.toLowerCase()];
            if (value === undefined)
                return null;
            return Array.isArray(value) ? value.join(', ') : value;
        },
    };
}
//# sourceMappingURL=serve-model-request.js.map