import type { AdapterSettings, ProviderAdapterV1 } from '../../core/provider/adapter.ts';
import type { AdapterDependencies } from '../shared/adapter-dependencies.ts';
import { jsonHeaders } from '../shared/json-headers.ts';
import { createJsonTransport } from '../shared/json-transport.ts';
import { ownedHttpClient } from '../shared/owned-http-client.ts';
import { streamContext } from '../shared/stream-context.ts';
import { fromGeminiResponse } from './from-gemini-response.ts';
import { fromGeminiEmbedResponse, toGeminiEmbedRequest } from './gemini-embeddings.ts';
import { geminiModelPath } from './gemini-model-path.ts';
import { geminiUpstreamError } from './gemini-upstream-error.ts';
import type { GeminiBatchEmbedContentsResponse, GeminiGenerateContentResponse } from './gemini-wire-types.ts';
import { parseGeminiStream } from './parse-gemini-stream.ts';
import { toGeminiRequest } from './to-gemini-request.ts';

/**
 * An adapter for the Gemini API (Google AI Studio), `baseUrl` such as
 * `https://generativelanguage.googleapis.com/v1beta`. Chat goes to `POST /models/{model}:generateContent`,
 * streaming to `POST /models/{model}:streamGenerateContent?alt=sse`, embeddings to
 * `POST /models/{model}:batchEmbedContents`. The key travels in the `x-goog-api-key` header, never in the URL,
 * so it cannot leak through a logged path. `CallOptions.signal` aborts the request and closes the connection.
 * @see https://ai.google.dev/api/generate-content
 */
export function createGeminiAdapter(settings: AdapterSettings, dependencies: AdapterDependencies = {}): ProviderAdapterV1 {
  const { http, close } = ownedHttpClient(dependencies.http, settings.baseUrl, { headersTimeoutMs: settings.timeoutMs, bodyTimeoutMs: settings.idleTimeoutMs, tls: settings.tls });
  const providerId = settings.providerId;

  const credential = settings.apiKey ? (['x-goog-api-key', settings.apiKey] as const) : undefined;
  const transport = createJsonTransport(http, settings, {
    headers: (perCall, accept) => jsonHeaders({ accept }, settings.headers, perCall, credential),
    mapError: geminiUpstreamError,
  });

  return {
    specificationVersion: 'v1',
    adapter: 'gemini',
    dialect: 'gemini',
    providerId,

    async doGenerate(request, options) {
      const { body, warnings } = toGeminiRequest(request);
      const answer = await transport.requestJson<GeminiGenerateContentResponse>(`${geminiModelPath(request.model)}:generateContent`, body, options);
      return { result: fromGeminiResponse(answer.value, request.model, warnings), headers: answer.headers };
    },

    async doStream(request, options) {
      const { body, warnings } = toGeminiRequest(request);
      const path = `${geminiModelPath(request.model)}:streamGenerateContent?alt=sse`;
      const context = streamContext(request.model, warnings, settings);
      return transport.stream(path, body, options, 'text/event-stream', (answer) => parseGeminiStream(answer, context));
    },

    async doEmbed(request, options) {
      const modelPath = geminiModelPath(request.model);
      const body = toGeminiEmbedRequest(request, modelPath);
      const answer = await transport.requestJson<GeminiBatchEmbedContentsResponse>(`${modelPath}:batchEmbedContents`, body, options);
      return fromGeminiEmbedResponse(answer.value, request, providerId);
    },

    close,
  };
}
