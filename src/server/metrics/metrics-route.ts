import { createHash, timingSafeEqual } from 'node:crypto';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { hasEndpointScope } from '../../security/keys/check-scope.ts';
import type { KeyStore } from '../../security/key-store.ts';
import { encodeOpenAIError } from '../dialects/openai/encode-openai-error.ts';
import { principalOf, readApiKey } from '../stages/authenticate.ts';
import type { GatewayMetrics } from './gateway-metrics.ts';

export interface MetricsRouteOptions {
  metrics: Pick<GatewayMetrics, 'render'>;
  keys: KeyStore;
  /** A bearer token for scrapers (`metrics.token`); without one, only keys with scope `admin` may scrape. */
  token?: string | undefined;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `GET /metrics`: the Prometheus text format. The caller shows `Authorization: Bearer TOKEN` with the configured
 * metrics token (compared in constant time) or an API key with scope `admin` (an operator's or a tenant admin's:
 * the figures are the gateway's, not a tenant's, so both are trusted with them). 401 or 403 otherwise, in the
 * OpenAI error shape.
 */
export function metricsRoute(options: MetricsRouteOptions): (request: Request) => Promise<Response> {
  const token = options.token ? digest(options.token) : undefined;
  return async function serveMetrics(request) {
    try {
      const presented = readApiKey(request.headers);
      const byToken = token !== undefined && presented !== undefined && timingSafeEqual(digest(presented), token);
      if (!byToken) {
        const principal = principalOf(request.headers, options.keys);
        if (!hasEndpointScope(principal, 'admin')) throw new GatewayError('permission_denied', { message: 'Metrics need the metrics token or a key with scope "admin".' });
      }
      const { contentType, body } = await options.metrics.render();
      return new Response(body, { status: 200, headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
    } catch (thrown) {
      const encoded = encodeOpenAIError(GatewayError.from(thrown));
      return new Response(JSON.stringify(encoded.body), { status: encoded.status, headers: { 'content-type': 'application/json', ...encoded.headers } });
    }
  };
}
