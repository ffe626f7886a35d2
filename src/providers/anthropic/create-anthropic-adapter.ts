import type { AdapterSettings, ProviderAdapterV1 } from '../../core/provider/adapter.ts';
import { decodeSse } from '../../core/wire/sse-decoder.ts';
import type { AdapterDependencies } from '../shared/adapter-dependencies.ts';
import { callDeadline } from '../shared/call-deadline.ts';
import { createJsonTransport } from '../shared/json-transport.ts';
import { ownedHttpClient } from '../shared/owned-http-client.ts';
import { withFinally } from '../shared/with-finally.ts';
import { upstreamFailure } from '../shared/upstream-failure.ts';
import { anthropicApiPath, anthropicApiRoot } from './anthropic-base-url.ts';
import { anthropicHeaders } from './anthropic-headers.ts';
import { fromAnthropicResponse } from './from-anthropic-response.ts';
import { parseAnthropicStream } from './parse-anthropic-stream.ts';
import { toAnthropicRequest } from './to-anthropic-request.ts';

/**
 * The adapter for Anthropic's Messages API (`POST {root}/v1/messages`, see `anthropicApiRoot` for the base URL
 * rule). Chat only: Anthropic has no embeddings endpoint, so there is no `doEmbed`.
 * Non-2xx answers throw catalogued upstream errors (429 `upstream_rate_limited` with `retry-after`, 529
 * `upstream_overloaded`, ...); the API key never appears in them. An injected `dependencies.http` is rooted at the
 * API root, without `/v1` (the adapter requests `/v1/messages`).
 * @see https://docs.anthropic.com/en/api/messages
 */
export function createAnthropicAdapter(settings: AdapterSettings, dependencies: AdapterDependencies = {}): ProviderAdapterV1 {
  const { http, close } = ownedHttpClient(dependencies.http, anthropicApiRoot(settings.baseUrl), { bodyTimeoutMs: settings.idleTimeoutMs, tls: settings.tls });
  const providerId = settings.providerId;

  const transport = createJsonTransport(http, settings, {
    headers: (perCall) => anthropicHeaders(settings.apiKey, settings.headers, perCall),
    path: anthropicApiPath,
  });

  return {
    specificationVersion: 'v1',
    adapter: 'anthropic',
    dialect: 'anthropic',
    providerId,

    async doGenerate(request, options) {
      const { body, warnings } = toAnthropicRequest(request, { stream: false, inlineSystem: hasBetas(options.headers) });
      const answer = await transport.requestJson('/messages', body, options);
      return { result: fromAnthropicResponse(answer.value, warnings, providerId), headers: answer.headers };
    },

    async doStream(request, options) {
      const { body, warnings } = toAnthropicRequest(request, { stream: true, inlineSystem: hasBetas(options.headers) });
      return transport.stream('/messages', body, options, 'text/event-stream', (answer) => parseAnthropicStream(decodeSse(answer), { providerId, warnings }));
    },

    /** The raw answer, any status; the deadline covers the whole call unless streaming (then until the headers). */
    async doPassthrough(request, options) {
      const deadline = callDeadline(options.signal, settings.timeoutMs, providerId);
      const response = await transport.send(request.path ?? '/messages', request.body, options, 'application/json', deadline.signal).catch((error: unknown) => {
        deadline.clear();
        throw error;
      });
      if (response.status < 200 || response.status >= 300) {
        // Like every adapter: a non-2xx answer becomes a catalogued error, with the key removed from its text.
        deadline.clear();
        throw await upstreamFailure(response, { providerId, apiKey: settings.apiKey });
      }
      if (request.stream) deadline.clear();
      const close = () => {
        deadline.clear();
        response.cancel();
      };
      return { status: response.status, headers: response.headers, body: withFinally(response.body, close), cancel: close };
    },

    close,
  };
}

/** The call carries a client's `anthropic-beta` header (beta request shapes such as mid-conversation system turns). */
function hasBetas(headers: Record<string, string> | undefined): boolean {
  if (headers === undefined) return false;
  return Object.keys(headers).some((name) => name.toLowerCase() === 'anthropic-beta');
}
