/**
 * An HTTP answer carrying a JSON-RPC error with no request id: what `/mcp` sends when it refuses a request before
 * the MCP layer reads it (wrong host, no key). MCP clients read the status; the body says why in their dialect.
 * @see https://www.jsonrpc.org/specification#error_object
 */
export function jsonRpcErrorResponse(status: number, code: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
