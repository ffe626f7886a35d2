import type { AdapterSettings, ProviderAdapterV1 } from '../../core/provider/adapter.ts';
import { createPoolHttpClient, type HttpClient } from '../shared/http-client.ts';
import { createJsonTransport } from '../shared/json-transport.ts';
import { redactSecret } from '../shared/redact-secret.ts';
import { upstreamError } from '../shared/upstream-error.ts';
import { withFinally } from '../shared/with-finally.ts';
import { fromOllamaResponse } from './from-ollama-response.ts';
import { fromOllamaEmbedResponse, toOllamaEmbedRequest } from './ollama-embeddings.ts';
import type { OllamaChatResponse, OllamaEmbedResponse } from './ollama-wire-types.ts';
import { parseOllamaStream } from './parse-ollama-stream.ts';
import { toOllamaRequest } from './to-ollama-request.ts';

export interface OllamaAdapterDependencies {
  /** The HTTP client; by default an undici pool on `settings.baseUrl` (with `timeoutMs` as the headers timeout). */
  http?: HttpClient;
}

/**
 * An adapter for Ollama's native API, `baseUrl` such as `http://127.0.0.1:11434`. Chat goes to
 * `POST /api/chat` (`stream: false`, or `true` for NDJSON streaming), embeddings to `POST /api/embed`.
 * A configured key is sent as `Authorization: Bearer` (Ollama behind a proxy, or ollama.com).
 * `CallOptions.signal` aborts the request and closes the connection, which also stops generation in Ollama.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md
 */
export function createOllamaAdapter(settings: AdapterSettings, dependencies: OllamaAdapterDependencies = {}): ProviderAdapterV1 {
  const http =
    dependencies.http ??
    createPoolHttpClient(settings.baseUrl, settings.timeoutMs === undefined ? {} : { headersTimeoutMs: settings.timeoutMs });
  const { providerId, apiKey } = settings;

  const transport = createJsonTransport({
    http,
    providerId,
    apiKey,
    timeoutMs: settings.timeoutMs,
    headers: (perCall) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...settings.headers, ...perCall };
      if (apiKey) headers.authorization = `Bearer ${apiKey}`;
      return headers;
    },
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
      const response = await transport.openStream('/api/chat', body, options, 'application/x-ndjson');
      const context = { requestModel: request.model, warnings, providerId, ...(apiKey ? { apiKey } : {}) };
      return { stream: withFinally(parseOllamaStream(response.body, context), () => response.cancel()), headers: response.headers };
    },

    async doEmbed(request, options) {
      const answer = await transport.requestJson<OllamaEmbedResponse>('/api/embed', toOllamaEmbedRequest(request), options);
      return fromOllamaEmbedResponse(answer.value, request, providerId);
    },

    async close() {
      if (!dependencies.http) await http.close();
    },
  };
}
