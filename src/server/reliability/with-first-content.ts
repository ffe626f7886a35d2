import type { ProviderAdapter } from '../../core/provider/adapter.ts';
import { untilFirstPassthroughContent } from './peek-passthrough-stream.ts';
import { untilFirstContent } from './until-first-content.ts';
import { wholeJson } from './whole-json.ts';
import { wrapAdapter } from './wrap-adapter.ts';

/**
 * The innermost reliability wrapper: a call resolves only once nothing can reach the client that a retry would
 * contradict. `doStream` resolves with a `HeldStream` read up to its first content; `doPassthrough` with a relayed
 * stream held until its first content event, or a JSON answer read whole and parsed (`WholeJsonResponse`). A
 * provider that fails before that (an error part or event, a cut, a body that is not JSON) makes the call throw a
 * retryable catalogued error, so the wrappers around this one (circuit breaker, statistics) judge the answer, not
 * the headers, and dispatch can replace the provider unseen.
 */
export function withFirstContent(inner: ProviderAdapter): ProviderAdapter {
  const providerId = inner.providerId;
  const dialect = inner.dialect === 'openai' || inner.dialect === 'anthropic' ? inner.dialect : undefined;
  return wrapAdapter(inner, {
    doGenerate: (request, options) => inner.doGenerate(request, options),
    async doStream(request, options) {
      const response = await inner.doStream(request, options);
      return { stream: await untilFirstContent(response.stream, providerId), headers: response.headers };
    },
    doEmbed: (request, options) => inner.doEmbed!(request, options),
    async doPassthrough(request, options) {
      const response = await inner.doPassthrough!(request, options);
      if (!request.stream) return wholeJson(response, providerId);
      return dialect === undefined ? response : untilFirstPassthroughContent(response, dialect, providerId);
    },
  });
}
