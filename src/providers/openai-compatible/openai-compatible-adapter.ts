import type { EmbeddingRequest, EmbeddingResult } from '../../core/canonical/request.ts';
import type {
  AdapterSettings,
  CallOptions,
  GenerateResponse,
  PassthroughRequest,
  PassthroughResponse,
  ProviderAdapterV1,
  StreamResponse,
} from '../../core/provider/adapter.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { createPoolHttpClient, toConnectionError, type HttpClient, type HttpResponse } from '../shared/http-client.ts';
import { upstreamError } from '../shared/upstream-error.ts';
import { callDeadline } from './call-deadline.ts';
import { fromOpenAIEmbeddingResponse } from './from-openai-embedding-response.ts';
import { fromOpenAIResponse } from './from-openai-response.ts';
import { parseOpenAIStream } from './parse-openai-stream.ts';
import { redactSecret } from './redact-secret.ts';
import { toOpenAIRequest } from './to-openai-request.ts';

export interface OpenAICompatibleDependencies {
  /** The HTTP client; by default an undici pool on `settings.baseUrl`, closed by `close()`. */
  http?: HttpClient;
}

/**
 * An adapter for every server that speaks OpenAI Chat Completions: OpenAI, Azure OpenAI deployments, vLLM,
 * llama.cpp server, LM Studio, Ollama's `/v1`, Mistral, Groq, Together. Paths are relative to `baseUrl`, which
 * includes the version prefix (`https://api.openai.com/v1`, `http://127.0.0.1:1234/v1`, or for Azure
 * `https://RESOURCE.openai.azure.com/openai/deployments/DEPLOYMENT` with `azure.apiVersion` set, which sends
 * `api-key` instead of a bearer token and adds `?api-version=`).
 * @see https://platform.openai.com/docs/api-reference/chat
 * @see https://learn.microsoft.com/en-us/azure/ai-services/openai/reference
 */
export function createOpenAICompatibleAdapter(settings: AdapterSettings, dependencies: OpenAICompatibleDependencies = {}): ProviderAdapterV1 {
  const ownsHttp = dependencies.http === undefined;
  const http = dependencies.http ?? createPoolHttpClient(settings.baseUrl, { headersTimeoutMs: settings.timeoutMs });
  const providerId = settings.providerId;
  const fixedHeaders: Record<string, string> = { 'content-type': 'application/json' };
  if (settings.apiKey !== undefined && settings.apiKey !== '') {
    if (settings.azure) fixedHeaders['api-key'] = settings.apiKey;
    else fixedHeaders.authorization = `Bearer ${settings.apiKey}`;
  }
  Object.assign(fixedHeaders, lowerCaseKeys(settings.headers));

  function withQuery(path: string): string {
    if (!settings.azure) return path;
    return `${path}${path.includes('?') ? '&' : '?'}api-version=${encodeURIComponent(settings.azure.apiVersion)}`;
  }

  /** Sends a POST and returns a 2xx response; anything else is read and thrown as an upstream error. */
  async function post(path: string, body: unknown, accept: string, options: CallOptions, signal: AbortSignal | undefined): Promise<HttpResponse> {
    let response: HttpResponse;
    try {
      response = await http.request({
        method: 'POST',
        path: withQuery(path),
        headers: { ...fixedHeaders, accept, ...lowerCaseKeys(options.headers) },
        body: JSON.stringify(body),
        signal,
      });
    } catch (error) {
      throw toConnectionError(error, signal);
    }
    if (response.status >= 200 && response.status < 300) return response;
    let text = '';
    try {
      text = await response.text();
    } catch {
      // the status is enough to classify the failure
    }
    throw upstreamError(response.status, response.headers, redactSecret(text, settings.apiKey), providerId);
  }

  async function readJson(response: HttpResponse, what: string): Promise<unknown> {
    const text = await response.text();
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new GatewayError('upstream_bad_response', {
        message: `Provider ${providerId} sent ${what} that is not JSON.`,
        cause: error,
        details: { provider: providerId },
      });
    }
  }

  return {
    specificationVersion: 'v1',
    adapter: 'openai-compatible',
    dialect: 'openai',
    providerId,

    async doGenerate(request, options): Promise<GenerateResponse> {
      const { body, warnings } = toOpenAIRequest({ ...request, stream: false, includeUsage: undefined });
      const deadline = callDeadline(options.signal, settings.timeoutMs, providerId);
      try {
        const response = await post('/chat/completions', body, 'application/json', options, deadline.signal);
        const result = fromOpenAIResponse(await readJson(response, 'a chat completion'), providerId);
        result.warnings.push(...warnings);
        return { result, headers: response.headers };
      } finally {
        deadline.clear();
      }
    },

    async doStream(request, options): Promise<StreamResponse> {
      const { body, warnings } = toOpenAIRequest({ ...request, stream: true, includeUsage: true });
      const deadline = callDeadline(options.signal, settings.timeoutMs, providerId);
      let response: HttpResponse;
      try {
        response = await post('/chat/completions', body, 'text/event-stream', options, deadline.signal);
      } finally {
        deadline.clear();
      }
      return { stream: parseOpenAIStream(response.body, { providerId, warnings }), headers: response.headers };
    },

    async doEmbed(request: EmbeddingRequest, options: CallOptions): Promise<EmbeddingResult> {
      const body: Record<string, unknown> = { model: request.model, input: request.input, encoding_format: 'float' };
      if (request.dimensions !== undefined) body.dimensions = request.dimensions;
      if (request.user !== undefined) body.user = request.user;
      const deadline = callDeadline(options.signal, settings.timeoutMs, providerId);
      try {
        const response = await post('/embeddings', body, 'application/json', options, deadline.signal);
        return fromOpenAIEmbeddingResponse(await readJson(response, 'an embeddings answer'), request, providerId);
      } finally {
        deadline.clear();
      }
    },

    async doPassthrough(request: PassthroughRequest, options: CallOptions): Promise<PassthroughResponse> {
      const deadline = callDeadline(options.signal, settings.timeoutMs, providerId);
      let response: HttpResponse;
      try {
        response = await post(request.path, request.body, request.stream ? 'text/event-stream' : 'application/json', options, deadline.signal);
      } finally {
        deadline.clear();
      }
      return { status: response.status, headers: response.headers, body: response.body, cancel: () => response.cancel() };
    },

    async close(): Promise<void> {
      if (ownsHttp) await http.close();
    },
  };
}

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (headers === undefined) return result;
  for (const [name, value] of Object.entries(headers)) result[name.toLowerCase()] = value;
  return result;
}
