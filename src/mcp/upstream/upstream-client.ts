import { Client, StreamableHTTPClientTransport, type CallToolResult, type Tool } from '@modelcontextprotocol/client';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { McpUpstreamConfig } from '../mcp-config-schema.ts';
import { sovereignServerInfo } from '../sovereign-mcp-server.ts';

/** One governed upstream MCP server as the gateway talks to it. */
export interface UpstreamClient {
  readonly server: McpUpstreamConfig;
  /** Its tools, reused for `ttlMs` (a `list_changed` notice drops the cached list at once). */
  listTools(signal?: AbortSignal): Promise<Tool[]>;
  /** Its tools as last listed while still fresh, without asking the server; undefined when there is no such list. */
  cachedTools(): readonly Tool[] | undefined;
  callTool(name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<CallToolResult>;
  close(): Promise<void>;
}

/**
 * A lazily connected client of one upstream server (the official SDK client): started on first use, kept open,
 * reconnected after it closes. It speaks the revision `protocol` names (`auto`: probes with `server/discover`, falls
 * back to `initialize`). What reaches the server is only what the configuration gives it: a stdio server gets a
 * minimal environment (the SDK's default: PATH, HOME, ...) plus `env`, never the gateway's own environment; an HTTP
 * server gets the configured `headers`, never a client's: the gateway's callers' tokens stay at the gateway.
 */
export function createUpstreamClient(server: McpUpstreamConfig, ttlMs: number): UpstreamClient {
  let connecting: Promise<Client> | undefined;
  let cached: { tools: Tool[]; at: number } | undefined;

  const connect = () => {
    connecting ??= (async () => {
      const client = new Client(
        { name: sovereignServerInfo.name, version: sovereignServerInfo.version },
        {
          versionNegotiation: { mode: server.protocol === 'auto' ? 'auto' : server.protocol === 'modern' ? { pin: '2026-07-28' } : 'legacy' },
          listChanged: { tools: { autoRefresh: false, onChanged: () => (cached = undefined) } },
        },
      );
      const transport =
        server.transport === 'stdio'
          ? new StdioClientTransport({ command: server.command, args: server.args, env: { ...getDefaultEnvironment(), ...server.env }, ...(server.cwd ? { cwd: server.cwd } : {}), stderr: 'ignore' })
          : new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: server.headers } });
      client.onclose = () => {
        connecting = undefined;
        cached = undefined;
      };
      try {
        await client.connect(transport, { timeout: server.timeoutMs });
      } catch (error) {
        connecting = undefined;
        await client.close().catch(() => undefined);
        throw error;
      }
      return client;
    })();
    return connecting;
  };

  return {
    server,
    async listTools(signal) {
      if (cached && Date.now() - cached.at < ttlMs) return cached.tools;
      const client = await connect();
      const tools: Tool[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : {}, { timeout: server.timeoutMs, ...(signal ? { signal } : {}) });
        tools.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor && tools.length < 10_000);
      cached = { tools, at: Date.now() };
      return tools;
    },
    cachedTools() {
      return cached && Date.now() - cached.at < ttlMs ? cached.tools : undefined;
    },
    async callTool(name, args, signal) {
      const client = await connect();
      return (await client.callTool({ name, arguments: args }, { timeout: server.timeoutMs, ...(signal ? { signal } : {}) })) as CallToolResult;
    },
    async close() {
      const pending = connecting;
      connecting = undefined;
      if (pending) await (await pending.catch(() => undefined))?.close();
    },
  };
}
