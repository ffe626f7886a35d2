import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { Principal } from '../../core/principal.ts';
import { matchGlob } from './match-glob.ts';

/**
 * Endpoint scopes. `*` allows every model endpoint but not the admin API; `admin` allows the admin API within the
 * key's own tenant; `admin:*` is the operator's, across tenants. `edge` is a publishable key for the browser SDK:
 * it fetches the tenant's signed bundle, reports on-device usage and calls `POST /v1/chat/completions` under the
 * tenant's policies (nothing else: not the Responses API, its stored responses or decisions; it always carries a
 * rate limit).
 */
export const knownScopes = ['*', 'chat', 'embeddings', 'admin', 'admin:*', 'edge', 'mcp'] as const;
export type Scope = (typeof knownScopes)[number];

/** A principal that may carry model patterns (virtual keys do; keys without them may use every model). */
export type ScopedPrincipal = Principal & { models?: readonly string[] };

/** Where a scope is checked. */
export interface ScopeOptions {
  /** The route is one an edge key may call (chat completions, what the browser SDK sends); false by default. */
  edge?: boolean;
}

/**
 * True when the principal holds the scope for `endpoint` (`chat`, `embeddings`, `admin`, `edge`). The `edge`
 * scope counts as `chat` only on routes that say so (`options.edge`).
 */
export function hasEndpointScope(principal: Principal, endpoint: string, options: ScopeOptions = {}): boolean {
  const scopes = principal.scopes;
  if (endpoint === 'admin') return scopes.includes('admin') || scopes.includes('admin:*');
  if (endpoint === 'chat' && options.edge === true && scopes.includes('edge')) return true;
  return scopes.includes('*') || scopes.includes(endpoint);
}

/** True when the principal is the operator: admin across every tenant. */
export function isOperator(principal: Principal): boolean {
  return principal.scopes.includes('admin:*');
}

/** True when the principal may use the model (a catalog model name or alias). */
export function isModelAllowed(principal: ScopedPrincipal, model: string): boolean {
  const patterns = principal.models;
  if (patterns === undefined) return true;
  for (const pattern of patterns) if (matchGlob(pattern, model)) return true;
  return false;
}

/**
 * Refuses with `GatewayError('permission_denied')` (403) unless the principal may call `endpoint` and, when given,
 * use `model`. The message names the endpoint or model, never the key's secret.
 */
export function checkScope(principal: ScopedPrincipal, request: { endpoint: string; model?: string } & ScopeOptions): void {
  if (!hasEndpointScope(principal, request.endpoint, request)) {
    throw new GatewayError('permission_denied', { message: `This API key may not use the ${request.endpoint} endpoint.` });
  }
  if (request.model !== undefined && !isModelAllowed(principal, request.model)) {
    throw new GatewayError('permission_denied', { message: `This API key may not use the model "${request.model}".`, param: 'model' });
  }
}
