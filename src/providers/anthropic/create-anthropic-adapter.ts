import type { ChatRequest } from '../../core/canonical/request.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type {
  AdapterSettings,
  CallOptions,
  GenerateResponse,
  PassthroughRequest,
  PassthroughResponse,
  ProviderAdapterV1,
  StreamResponse,
} from '../../core/provider/adapter.ts';
import { decodeSse } from '../../core/wire/sse-decoder.ts';
import { createPoolHttpClient, type HttpClient, type HttpResponse } from '../shared/http-client.ts';
import { upstreamError } from '../shared/upstream-error.ts';
import { anthropicApiPath, anthropicApiRoot } from './anthropic-base-url.ts';
import { createCallSignal, type CallSignal } from './anthropic-call-signal.ts';
import { anthropicHeaders } from './anthropic-headers.ts';
import { fromAnthropicResponse } from './from-anthropic-response.ts';
import { parseAnthropicStream } from './parse-anthropic-stream.ts';
import { toAnthropicRequest } from './to-anthropic-request.ts';

export interface AnthropicAdapterDependencies {
  /**
   * The HTTP client, rooted at the API root (without `/v1`: the adapter requests `/v1/messages`).
   * Default: an undici pool on `anthropicApiRoot(settings.baseUrl)`, closed by `close()`; an injected client is
   * left open.
   */
  http?: HttpClient;
}

/**
 * The adapter for Anthropic's Messages API (`POST {root}/v1/messages`, see `anthropicApiRoot` for the base URL
 * rule). Chat only: Anthropic has no embeddings endpoint, so there is no `doEmbed`.
 * Non-2xx answers throw catalogued upstream errors (429 `upstream_rate_limited` with `retry-after`, 529
 * `upstream_overloaded`, ...); the API key never appears in them.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function createAnthropicAdapter(settings: AdapterSettings, dependencies: AnthropicAdapterDependencies = {}): ProviderAdapterV1 {
  const ownsHttp = dependencies.http === undefined;
  const http = dependencies.http ?? createPoolHttpClient(anthropicApiRoot(settings.baseUrl));
  const providerId = settings.providerId;

  async function send(path: string, body: unknown, options: CallOptions, call: CallSignal): Promise<HttpResponse> {
    return http.request({
      method: 'POST',
      path: anthropicApiPath(path),
      headers: anthropicHeaders(settings.apiKey, settings.headers, options.headers),
      body: JSON.stringify(body),
      ...(call.signal === undefined ? {} : { signal: call.signal }),
    });
  }

  /** A non-2xx answer as a catalogued error; the body explains it, but the status alone classifies it. */
  async function failure(response: HttpResponse): Promise<GatewayError> {
    let text = '';
    try {
      text = await response.text();
    } catch {
      // the status is enough
    }
    if (settings.apiKey) text = text.split(settings.apiKey).join('[redacted]');
    return upstreamError(response.status, response.headers, text, providerId);
  }

  return {
    specificationVersion: 'v1',
    adapter: 'anthropic',
    dialect: 'anthropic',
    providerId,

    async doGenerate(request: ChatRequest, options: CallOptions): Promise<GenerateResponse> {
      const { body, warnings } = toAnthropicRequest(request, { stream: false });
      const call = createCallSignal(providerId, options.signal, settings.timeoutMs);
      try {
        const response = await send('/messages', body, options, call);
        if (response.status < 200 || response.status >= 300) throw await failure(response);
        const text = await response.text();
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (error) {
          throw new GatewayError('upstream_bad_response', { message: `Provider ${providerId} answered with a body that is not JSON.`, cause: error, details: { provider: providerId } });
        }
        return { result: fromAnthropicResponse(parsed, warnings, providerId), headers: response.headers };
      } finally {
        call.clearTimeout();
      }
    },

    async doStream(request: ChatRequest, options: CallOptions): Promise<StreamResponse> {
      const { body, warnings } = toAnthropicRequest(request, { stream: true });
      const call = createCallSignal(providerId, options.signal, settings.timeoutMs);
      let response: HttpResponse;
      try {
        response = await send('/messages', body, options, call);
        if (response.status < 200 || response.status >= 300) throw await failure(response);
      } finally {
        call.clearTimeout();
      }
      const opened = response;
      async function* stream() {
        try {
          yield* parseAnthropicStream(decodeSse(opened.body), { providerId, warnings });
        } finally {
          opened.cancel();
        }
      }
      return { stream: stream(), headers: response.headers };
    },

    async doPassthrough(request: PassthroughRequest, options: CallOptions): Promise<PassthroughResponse> {
      const call = createCallSignal(providerId, options.signal, settings.timeoutMs);
      let response: HttpResponse;
      try {
        response = await send(request.path, request.body, options, call);
      } catch (error) {
        call.clearTimeout();
        throw error;
      }
      if (request.stream) call.clearTimeout();
      const opened = response;
      async function* body() {
        try {
          yield* opened.body;
        } finally {
          call.clearTimeout();
          opened.cancel();
        }
      }
      return {
        status: response.status,
        headers: response.headers,
        body: body(),
        cancel: () => {
          call.clearTimeout();
          opened.cancel();
        },
      };
    },

    async close() {
      if (ownsHttp) await http.close();
    },
  };
}
