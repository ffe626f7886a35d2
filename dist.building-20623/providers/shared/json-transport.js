import { withCallDeadline } from "./call-deadline.js";
import { ensureSuccess } from "./ensure-success.js";
import { postJson } from "./post-json.js";
import { readJsonResponse } from "./read-json-response.js";
import { withFinally } from "./with-finally.js";
/**
 * The request/response plumbing every adapter shares, so an adapter keeps only its protocol: paths, headers,
 * body conversion and answer parsing. `settings` gives the provider id (for messages), the key (removed from
 * failure bodies) and `timeoutMs` (whole call when not streaming, until the response headers when streaming). Connection failures, deadlines, non-2xx answers (with the key removed) and
 * bodies that are not JSON all become catalogued errors here.
 */
export function createJsonTransport(http, settings, protocol) {
    const { providerId, timeoutMs } = settings;
    const failure = { providerId, apiKey: settings.apiKey, mapError: protocol.mapError };
    function send(path, body, options, accept, signal) {
        const sentPath = protocol.path ? protocol.path(path) : path;
        return postJson(http, { path: sentPath, headers: protocol.headers(options.headers, accept), body, signal, transport: options.transport });
    }
    function openStream(path, body, options, accept) {
        return withCallDeadline(options.signal, timeoutMs, providerId, async (signal) => ensureSuccess(await send(path, body, options, accept, signal), failure));
    }
    return {
        send,
        requestJson: (path, body, options, what) => withCallDeadline(options.signal, timeoutMs, providerId, async (signal) => {
            const response = await ensureSuccess(await send(path, body, options, 'application/json', signal), failure);
            return { value: await readJsonResponse(response, providerId, what), headers: response.headers };
        }),
        openStream,
        async stream(path, body, options, accept, parse) {
            const response = await openStream(path, body, options, accept);
            return { stream: withFinally(parse(response.body), () => response.cancel()), headers: response.headers };
        },
    };
}
//# sourceMappingURL=json-transport.js.map