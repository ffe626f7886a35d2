import type { AdapterSettings, ProviderAdapterV1 } from '../../core/provider/adapter.ts';
import type { AdapterDependencies } from '../shared/adapter-dependencies.ts';
import { createJsonTransport } from '../shared/json-transport.ts';
import { lowerCaseKeys } from '../shared/lower-case-keys.ts';
import { ownedHttpClient } from '../shared/owned-http-client.ts';
import { fromOpenAIEmbeddingResponse } from './from-openai-embedding-response.ts';
import { fromOpenAIResponse } from './from-openai-response.ts';
import { parseOpenAIStream } from './parse-openai-stream.ts';
import { toOpenAIRequest } from './to-openai-request.ts';
import type { OpenAIEmbeddingRequestBody } from './openai-wire-types.ts';

/**
 * An adapter for every server that speaks OpenAI Chat Completions: OpenAI, Azure OpenAI deployments, vLLM,
 * llama.cpp server, LM Studio, Ollama's `/v1`, Mistral, Groq, Together. Paths are relative to `baseUrl`, which
 * includes the version prefix (`https://api.openai.com/v1`, `http://127.0.0.1:1234/v1`, or for Azure
 * `https://RESOURCE.openai.azure.com/openai/deployments/DEPLOYMENT` with `azure.apiVersion` set, which sends
 * `api-key` instead of a bearer token and adds `?api-version=`).
 * @see https://platform.openai.com/docs/api-reference/chat
 * @see https://learn.microsoft.com/en-us/azure/ai-services/openai/reference
 */
export function createOpenAICompatibleAdapter(settings: AdapterSettings, dependencies: AdapterDependencies = {}): ProviderAdapterV1 {
  const { http, close } = ownedHttpClient(dependencies.http, settings.baseUrl, { headersTimeoutMs: settings.timeoutMs, bodyTimeoutMs: settings.idleTimeoutMs, tls: settings.tls });
  const providerId = settings.providerId;
  const fixedHeaders: Record<string, string> = { 'content-type': 'application/json' };
  if (settings.apiKey !== undefined && settings.apiKey !== '') {
    if (settings.azure) fixedHeaders['api-key'] = settings.apiKey;
    else fixedHeaders.authorization = `Bearer ${settings.apiKey}`;
  }
  Object.assign(fixedHeaders, lowerCaseKeys(settings.headers));

  const transport = createJsonTransport(http, settings, {
    headers: (perCall, accept) => ({ ...fixedHeaders, accept, ...lowerCaseKeys(perCall) }),
    path: (path) => {
      if (!settings.azure) return path;
      return `${path}${path.includes('?') ? '&' : '?'}api-version=${encodeURIComponent(settings.azure.apiVersion)}`;
    },
  });

  return {
    specificationVersion: 'v1',
    adapter: 'openai-compatible',
    dialect: 'openai',
    providerId,

    async doGenerate(request, options) {
      const { body, warnings } = toOpenAIRequest({ ...request, stream: false, includeUsage: undefined });
      const answer = await transport.requestJson('/chat/completions', body, options, 'a chat completion');
      const result = fromOpenAIResponse(answer.value, providerId);
      result.warnings.push(...warnings);
      return { result, headers: answer.headers };
    },

    async doStream(request, options) {
      const { body, warnings } = toOpenAIRequest({ ...request, stream: true, includeUsage: true });
      return transport.stream('/chat/completions', body, options, 'text/event-stream', (answer) => parseOpenAIStream(answer, { providerId, warnings }));
    },

    async doEmbed(request, options) {
      const body: OpenAIEmbeddingRequestBody = { model: request.model, input: request.input, encoding_format: 'float' };
      if (request.dimensions !== undefined) body.dimensions = request.dimensions;
      if (request.user !== undefined) body.user = request.user;
      const answer = await transport.requestJson('/embeddings', body, options, 'an embeddings answer');
      return fromOpenAIEmbeddingResponse(answer.value, request, providerId);
    },

    async doPassthrough(request, options) {
      const response = await transport.openStream(request.path ?? '/chat/completions', request.body, options, request.stream ? 'text/event-stream' : 'application/json');
      return { status: response.status, headers: response.headers, body: response.body, cancel: () => response.cancel() };
    },

    close,
  };
}
