import { ProtocolError, ProtocolErrorCode, Server } from '@modelcontextprotocol/server';
import { shownText } from '../core/errors/shown-text.ts';
import type { McpCaller } from './mcp-caller.ts';
import type { McpToolProvider } from './mcp-tool-provider.ts';

/** The name and version Sovereign gives itself in `initialize` and `server/discover`. */
export const sovereignServerInfo = { name: 'sovereign', title: 'Sovereign AI gateway', version: '0.1.0' } as const;

const instructions =
  "Sovereign is an AI gateway that routes every request by data sovereignty. Use `chat` to ask a model under this key's policies, `explain_route` to see where a request would go and why, `list_models` for the models this key may use and where they run, and `usage` for this key's spend. Tools of governed upstream servers are named `<server>__<tool>`.";

/**
 * One MCP server instance for one caller: a fresh one per HTTP request (stateless, `createMcpHandler`) or per stdio
 * connection. It lists and calls the tools the providers offer this caller, in order (Sovereign's own first); a
 * tool no provider has for the caller is a JSON-RPC `-32602` error (as the specification asks for an unknown
 * tool), while a tool that fails is an `isError` result the model can read.
 */
export function createSovereignMcpServer(caller: McpCaller, providers: readonly McpToolProvider[]): Server {
  const server = new Server(sovereignServerInfo, { capabilities: { tools: { listChanged: false } }, instructions });
  server.setRequestHandler('tools/list', async (_request, context) => {
    const lists = await Promise.all(providers.map((provider) => provider.list(caller, context.mcpReq.signal)));
    return { tools: lists.flat() };
  });
  server.setRequestHandler('tools/call', async (request, context) => {
    const { name } = request.params;
    const args = request.params.arguments ?? {};
    for (const provider of providers) {
      const result = await provider.call(name, args, caller, context.mcpReq.signal);
      if (result) return result;
    }
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${shownText(name, 128)}`);
  });
  return server;
}
