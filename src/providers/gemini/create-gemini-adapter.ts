import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { AdapterSettings, CallOptions, ProviderAdapterV1 } from '../../core/provider/adapter.ts';
import { createPoolHttpClient, type HttpClient, type HttpResponse } from '../shared/http-client.ts';
import { fromGeminiResponse } from './from-gemini-response.ts';
import { fromGeminiEmbedResponse, toGeminiEmbedRequest } from './gemini-embeddings.ts';
import { geminiModelPath } from './gemini-model-path.ts';
import { geminiUpstreamError } from './gemini-upstream-error.ts';
import type { GeminiBatchEmbedContentsResponse, GeminiGenerateContentResponse } from './gemini-wire-types.ts';
import { parseGeminiStream } from './parse-gemini-stream.ts';
import { toGeminiRequest } from './to-gemini-request.ts';

export interface GeminiAdapterDependencies {
  /** The HTTP client; by default an undici pool on `settings.baseUrl` (with `timeoutMs` as the headers timeout). */
  http?: HttpClient;
}

/**
 * An adapter for the Gemini API (Google AI Studio), `baseUrl` such as
 * `https://generativelanguage.googleapis.com/v1beta`. Chat goes to `POST /models/{model}:generateContent`,
 * streaming to `POST /models/{model}:streamGenerateContent?alt=sse`, embeddings to
 * `POST /models/{model}:batchEmbedContents`. The key travels in the `x-goog-api-key` header, never in the URL,
 * so it cannot leak through a logged path. `CallOptions.signal` aborts the request and closes the connection.
 * @see https://ai.google.dev/api/generate-content
 */
export function createGeminiAdapter(settings: AdapterSettings, dependencies: GeminiAdapterDependencies = {}): ProviderAdapterV1 {
  const http =
    dependencies.http ??
    createPoolHttpClient(settings.baseUrl, settings.timeoutMs === undefined ? {} : { headersTimeoutMs: settings.timeoutMs });
  const { providerId, apiKey } = settings;

  async function post(path: string, body: unknown, options: CallOptions, accept: string): Promise<HttpResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept, ...settings.headers, ...options.headers };
    if (apiKey) headers['x-goog-api-key'] = apiKey;
    const response = await http.request({
      method: 'POST',
      path,
      headers,
      body: JSON.stringify(body),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (response.status < 200 || response.status >= 300) {
      const text = await response.text().catch(() => '');
      throw geminiUpstreamError(response.status, response.headers, text, providerId, apiKey);
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
    adapter: 'gemini',
    dialect: 'gemini',
    providerId,

    async doGenerate(request, options) {
      const { body, warnings } = toGeminiRequest(request);
      const response = await post(`${geminiModelPath(request.model)}:generateContent`, body, options, 'application/json');
      const answer = await readJson<GeminiGenerateContentResponse>(response);
      return { result: fromGeminiResponse(answer, request.model, warnings), headers: response.headers };
    },

    async doStream(request, options) {
      const { body, warnings } = toGeminiRequest(request);
      const response = await post(`${geminiModelPath(request.model)}:streamGenerateContent?alt=sse`, body, options, 'text/event-stream');
      const context = { requestModel: request.model, warnings, providerId, ...(apiKey ? { apiKey } : {}) };
      async function* stream(): AsyncGenerator<StreamPart> {
        try {
          yield* parseGeminiStream(response.body, context);
        } finally {
          response.cancel();
        }
      }
      return { stream: stream(), headers: response.headers };
    },

    async doEmbed(request, options) {
      const modelPath = geminiModelPath(request.model);
      const response = await post(`${modelPath}:batchEmbedContents`, toGeminiEmbedRequest(request, modelPath), options, 'application/json');
      return fromGeminiEmbedResponse(await readJson<GeminiBatchEmbedContentsResponse>(response), request, providerId);
    },

    async close() {
      if (!dependencies.http) await http.close();
    },
  };
}
