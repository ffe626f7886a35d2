import type { CallToolResult, Tool } from '@modelcontextprotocol/server';
import type { McpCaller } from './mcp-caller.ts';
import type { BuiltinTool } from './tools/builtin-tool.ts';

/**
 * A set of tools the MCP server offers a caller: Sovereign's own, or the governed upstream servers' (namespaced).
 * `call` answers undefined for a name the provider does not have (or that the caller may not see), so the next
 * provider is asked; a tool nobody has is a JSON-RPC error.
 */
export interface McpToolProvider {
  list(caller: McpCaller, signal: AbortSignal): Promise<Tool[]>;
  call(name: string, args: Record<string, unknown>, caller: McpCaller, signal: AbortSignal): Promise<CallToolResult | undefined>;
}

/** Sovereign's own tools as a provider: each one listed and callable only where `allowed` says the caller may. */
export function builtinToolProvider(tools: readonly BuiltinTool[]): McpToolProvider {
  const byName = new Map(tools.map((tool) => [tool.definition.name, tool]));
  return {
    async list(caller) {
      return tools.filter((tool) => tool.allowed(caller)).map((tool) => tool.definition);
    },
    async call(name, args, caller, signal) {
      const tool = byName.get(name);
      if (!tool || !tool.allowed(caller)) return undefined;
      return tool.call(args, caller, signal);
    },
  };
}
