import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { AdapterSettings, CallOptions, ProviderAdapterV1 } from '../../core/provider/adapter.ts';
import { createPoolHttpClient, type HttpClient, type HttpResponse } from '../shared/http-client.ts';
import { fromOllamaResponse } from './from-ollama-response.ts';
import { fromOllamaEmbedResponse, toOllamaEmbedRequest } from './ollama-embeddings.ts';
import { ollamaUpstreamError } from './ollama-upstream-error.ts';
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

  async function post(path: string, body: unknown, options: CallOptions): Promise<HttpResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...settings.headers, ...options.headers };
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    const response = await http.request({
      method: 'POST',
      path,
      headers,
      body: JSON.stringify(body),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (response.status < 200 || response.status >= 300) {
      const text = await response.text().catch(() => '');
      throw ollamaUpstreamError(response.status, response.headers, text, providerId, apiKey);
    }
    return response;
  }

  async function readJson<T>(response: HttpResponse): Promise<T> {
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new GatewayError('upstream_bad_response', {
        message: `Provider ${providerId} answered with a body that is not JSON.`,
        cause: error,
        details: { provider: providerId },
      });
    }
  }

  return {
    specificationVersion: 'v1',
    adapter: 'ollama',
    dialect: 'ollama',
    providerId,

    async doGenerate(request, options) {
      const { body, warnings } = toOllamaRequest(request, false);
      const response = await post('/api/chat', body, options);
      const answer = await readJson<OllamaChatResponse>(response);
      if (typeof answer.error === 'string') throw ollamaUpstreamError(500, response.headers, JSON.stringify(answer), providerId, apiKey);
      return { result: fromOllamaResponse(answer, request.model, warnings), headers: response.headers };
    },

    async doStream(request, options) {
      const { body, warnings } = toOllamaRequest(request, true);
      const response = await post('/api/chat', body, options);
      const context = { requestModel: request.model, warnings, providerId, ...(apiKey ? { apiKey } : {}) };
      async function* stream(): AsyncGenerator<StreamPart> {
        try {
          yield* parseOllamaStream(response.body, context);
        } finally {
          response.cancel();
        }
      }
      return { stream: stream(), headers: response.headers };
    },

    async doEmbed(request, options) {
      const response = await post('/api/embed', toOllamaEmbedRequest(request), options);
      return fromOllamaEmbedResponse(await readJson<OllamaEmbedResponse>(response), request, providerId);
    },

    async close() {
      if (!dependencies.http) await http.close();
    },
  };
}
