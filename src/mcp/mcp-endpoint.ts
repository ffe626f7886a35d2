import { createMcpHandler, type McpHttpHandler } from '@modelcontextprotocol/server';
import { Hono } from 'hono';
import { GatewayError } from '../core/errors/gateway-error.ts';
import type { Principal } from '../core/principal.ts';
import { hasEndpointScope } from '../security/keys/check-scope.ts';
import type { KeyStore } from '../security/key-store.ts';
import type { Logger } from '../server/logger.ts';
import { principalOf } from '../server/stages/authenticate.ts';
import { jsonRpcErrorResponse } from './json-rpc-error-response.ts';
import { declarationsOf, type McpCaller } from './mcp-caller.ts';
import type { McpToolProvider } from './mcp-tool-provider.ts';
import { createOriginGuard, type OriginGuardOptions } from './request-origin-guard.ts';
import { createSovereignMcpServer } from './sovereign-mcp-server.ts';

export interface McpEndpointOptions extends OriginGuardOptions {
  keys: KeyStore;
  providers: readonly McpToolProvider[];
  logger: Logger;
  /** Largest request body read (bytes): the gateway's `server.bodyLimitBytes`. */
  bodyLimitBytes: number;
}

/** The challenge a client gets with a 401, as RFC 6750 asks of a bearer-token resource. */
const challenge = 'Bearer realm="sovereign", scope="mcp"';

/**
 * Sovereign's MCP server at `/mcp` over Streamable HTTP, stateless: the 2026-07-28 revision (`server/discover`,
 * per-request `_meta`), and 2025-era clients (`initialize`) served one request at a time on the same URL (the SDK's
 * `createMcpHandler` negotiates). In front of it, in this order: DNS-rebinding protection (Host and Origin, 403),
 * the caller's virtual key as a bearer token (401 with `WWW-Authenticate`), and the key's `mcp` scope (403); each
 * refusal is a JSON-RPC error body with no id. The MCP server instance is built per request for that caller.
 */
export function createMcpEndpoint(options: McpEndpointOptions): { app: Hono; handler: McpHttpHandler } {
  const guardOrigin = createOriginGuard(options);
  const handler = createMcpHandler(
    ({ authInfo }) => {
      const caller = authInfo?.extra?.caller as McpCaller | undefined;
      // Never reached without a caller: the route below authenticates before it hands the request over.
      if (!caller) throw new Error('MCP request without an authenticated caller');
      return createSovereignMcpServer(caller, options.providers);
    },
    {
      legacy: 'stateless',
      maxRequestBodySize: options.bodyLimitBytes,
      onerror: (error) => options.logger.debug({ err: error }, 'mcp request refused'),
    },
  );
  const app = new Hono();
  app.all('/', async (c) => {
    const request = c.req.raw;
    const refused = guardOrigin(request);
    if (refused) return refused;
    let principal: Principal;
    try {
      principal = principalOf(request.headers, options.keys);
    } catch (thrown) {
      const error = GatewayError.from(thrown);
      return jsonRpcErrorResponse(error.status, -32001, error.message, error.status === 401 ? { 'www-authenticate': challenge } : {});
    }
    if (!hasEndpointScope(principal, 'mcp')) {
      return jsonRpcErrorResponse(403, -32001, 'This API key may not use MCP (it needs the "mcp" scope).', {
        'www-authenticate': `${challenge}, error="insufficient_scope"`,
      });
    }
    const caller: McpCaller = { principal, declarations: declarationsOf(request.headers), transport: 'http' };
    return handler.fetch(request, { authInfo: { token: 'redacted', clientId: principal.keyId, scopes: [...principal.scopes], extra: { caller } } });
  });
  return { app, handler };
}
