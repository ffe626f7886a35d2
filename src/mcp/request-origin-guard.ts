import { localhostAllowedHostnames, localhostAllowedOrigins, validateHostHeader, validateOriginHeader } from '@modelcontextprotocol/server';
import { jsonRpcErrorResponse } from './json-rpc-error-response.ts';

export interface OriginGuardOptions {
  /** Host names accepted (see {@link allowedHostNames}). */
  allowedHosts: readonly string[];
  /** Origin host names accepted besides loopback ones (`mcp.allowedOrigins`). */
  allowedOrigins: readonly string[];
}

const wildcardBinds = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * The host names `/mcp` answers to: loopback names, the bind address when it names one host (not `0.0.0.0`), and
 * `mcp.allowedHosts`. IPv6 literals are bracketed, as they appear in a `Host` header.
 */
export function allowedHostNames(bindHost: string, configured: readonly string[]): string[] {
  const names = new Set(localhostAllowedHostnames());
  const bind = bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost;
  if (!wildcardBinds.has(bindHost)) names.add(bind.toLowerCase());
  for (const name of configured) names.add(name.toLowerCase());
  return [...names];
}

/**
 * DNS-rebinding protection in front of the MCP handler: a request whose `Host` is not one the gateway answers to,
 * or that comes from a browser page of another origin, is refused with 403 before anything reads it. A page that
 * resolves its own name to 127.0.0.1 still sends its own name as `Host` and `Origin`, so it is stopped here.
 * The answer names neither header's value. Returns undefined for a request that may pass.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#security-warning
 */
export function createOriginGuard(options: OriginGuardOptions): (request: Request) => Response | undefined {
  const hosts = options.allowedHosts.map((host) => host.toLowerCase());
  const origins = [...new Set([...localhostAllowedOrigins(), ...options.allowedOrigins.map((origin) => origin.toLowerCase())])];
  return function guardOrigin(request) {
    const host = validateHostHeader(request.headers.get('host'), hosts);
    if (!host.ok) return jsonRpcErrorResponse(403, -32000, 'This server does not answer to that Host (DNS-rebinding protection); see mcp.allowedHosts.');
    const origin = validateOriginHeader(request.headers.get('origin'), origins);
    if (!origin.ok) return jsonRpcErrorResponse(403, -32000, 'Requests from that Origin are not accepted (DNS-rebinding protection); see mcp.allowedOrigins.');
    return undefined;
  };
}
