import type { AdapterSettings, ProviderAdapterV1 } from '../../core/provider/adapter.ts';
import type { AdapterDependencies } from '../shared/adapter-dependencies.ts';
import { jsonHeaders } from '../shared/json-headers.ts';
import { createJsonTransport } from '../shared/json-transport.ts';
import { ownedHttpClient } from '../shared/owned-http-client.ts';
import { redactSecret } from '../shared/redact-secret.ts';
import { streamContext } from '../shared/stream-context.ts';
import { upstreamError } from '../shared/upstream-error.ts';
import { fromOllamaResponse } from './from-ollama-response.ts';
import { fromOllamaEmbedResponse, toOllamaEmbedRequest } from './ollama-embeddings.ts';
import type { OllamaChatResponse, OllamaEmbedResponse } from './ollama-wire-types.ts';
import { parseOllamaStream } from './parse-ollama-stream.ts';
import { toOllamaRequest } from './to-ollama-request.ts';

/**
 * An adapter for Ollama's native API, `baseUrl` such as `http://127.0.0.1:11434`. Chat goes to
 * `POST /api/chat` (`stream: false`, or `true` for NDJSON streaming), embeddings to `POST /api/embed`.
 * A configured key is sent as `Authorization: Bearer` (Ollama behind a proxy, or ollama.com).
 * `CallOptions.signal` aborts the request and closes the connection, which also stops generation in Ollama.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md
 */
export function createOllamaAdapter(settings: AdapterSettings, dependencies: AdapterDependencies = {}): ProviderAdapterV1 {
  const { http, close } = ownedHttpClient(dependencies.http, settings.baseUrl, { headersTimeoutMs: settings.timeoutMs, bodyTimeoutMs: settings.idleTimeoutMs, tls: settings.tls });
  const { providerId, apiKey } = settings;

  const credential = apiKey ? (['authorization', `Bearer ${apiKey}`] as const) : undefined;
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
      const { value: answer, headers } = await transport.requestJson<OllamaChatResponse>('/api/chat', body, options);
      if (typeof answer.error === 'string') throw upstreamError(500, headers, redactSecret(JSON.stringify(answer), apiKey), providerId);
      return { result: fromOllamaResponse(answer, request.model, warnings), headers };
    },

    async doStream(request, options) {
      const { body, warnings } = toOllamaRequest(request, true);
      const context = streamContext(request.model, warnings, settings);
      return transport.stream('/api/chat', body, options, 'application/x-ndjson', (answer) => parseOllamaStream(answer, context));
    },

    async doEmbed(request, options) {
      const answer = await transport.requestJson<OllamaEmbedResponse>('/api/embed', toOllamaEmbedRequest(request), options);
      return fromOllamaEmbedResponse(answer.value, request, providerId);
    },

    close,
  };
}
