import { jsonHeaders } from "../shared/json-headers.js";
import { createJsonTransport } from "../shared/json-transport.js";
import { ownedHttpClient } from "../shared/owned-http-client.js";
import { redactSecret } from "../shared/redact-secret.js";
import { streamContext } from "../shared/stream-context.js";
import { upstreamError } from "../shared/upstream-error.js";
import { fromOllamaResponse } from "./from-ollama-response.js";
import { fromOllamaEmbedResponse, toOllamaEmbedRequest } from "./ollama-embeddings.js";
import { parseOllamaStream } from "./parse-ollama-stream.js";
import { toOllamaRequest } from "./to-ollama-request.js";
/**
 * An adapter for Ollama's native API, `baseUrl` such as `http://127.0.0.1:11434`. Chat goes to
 * `POST /api/chat` (`stream: false`, or `true` for NDJSON streaming), embeddings to `POST /api/embed`.
 * A configured key is sent as `Authorization: Bearer` (Ollama behind a proxy, or ollama.com).
 * `CallOptions.signal` aborts the request and closes the connection, which also stops generation in Ollama.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md
 */
export function createOllamaAdapter(settings, dependencies = {}) {
    const { http, close } = ownedHttpClient(dependencies.http, settings.baseUrl, { headersTimeoutMs: settings.timeoutMs, bodyTimeoutMs: settings.idleTimeoutMs, tls: settings.tls });
    const { providerId, apiKey } = settings;
    const credential = apiKey ? ['authorization', `Bearer ${apiKey}`] : undefined;
    const transport = createJsonTransport(http, settings, {
        headers: (perCall) => jsonHeaders({}, settings.headers, perCall, credential),
    });
    return {
        specificationVersion: 'v1',
        adapter: 'ollama',
        dialect: 'ollama',
        providerId,
        async doGenerate(request, options) {
            const { body, warnings } = toOllamaRequest(request, false);
            const { value: answer, headers } = await transport.requestJson('/api/chat', body, options);
            if (typeof answer.error === 'string')
                throw upstreamError(500, headers, redactSecret(JSON.stringify(answer), apiKey), providerId);
            return { result: fromOllamaResponse(answer, request.model, warnings), headers };
        },
        async doStream(request, options) {
            const { body, warnings } = toOllamaRequest(request, true);
            const context = streamContext(request.model, warnings, settings);
            return transport.stream('/api/chat', body, options, 'application/x-ndjson', (answer) => parseOllamaStream(answer, context));
        },
        async doEmbed(request, options) {
            const answer = await transport.requestJson('/api/embed', toOllamaEmbedRequest(request), options);
            return fromOllamaEmbedResponse(answer.value, request, providerId);
        },
        close,
    };
}
//# sourceMappingURL=create-ollama-adapter.js.map