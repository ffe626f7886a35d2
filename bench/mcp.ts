/**
 * MCP gateway benchmark: the latency a governed tool call adds. An upstream MCP server (official SDK,
 * Streamable HTTP, one `echo` tool) runs on loopback; the same official SDK client calls `echo` on it directly, and
 * `remote__echo` through Sovereign's `/mcp` (key check, allowlist, pin check, arguments profiled and policies
 * evaluated, rate limits, audit record and ledger row, then the upstream call over the gateway's own kept-open client). Both at the 2026-07-28
 * revision, one call at a time, the two paths in turn, after a warm-up. Gateway, upstream and client share this process (one event loop),
 * so the figures are the work added, not network distance. Prints p50/p99 per call for each path and the difference.
 *
 *   npm run bench -- mcp [--calls N] [--json]
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createMcpHandler, Server } from '@modelcontextprotocol/server';
import { getRequestListener } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { validateConfig } from '../src/server/config/load-config.ts';
import { startGateway } from '../src/server/gateway.ts';
import { createLogger } from '../src/server/logger.ts';
import { formatTable } from './lib/format-table.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '300' }, json: { type: 'boolean' } } });
const calls = Number(values.calls);
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const upstream = createMcpHandler(() => {
  const server = new Server({ name: 'bench-upstream', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler('tools/list', async () => ({ tools: [{ name: 'echo', description: 'Echoes its text.', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } }] }));
  server.setRequestHandler('tools/call', async (request) => ({ content: [{ type: 'text', text: String(request.params.arguments?.text ?? '') }] }));
  return server;
});
const upstreamServer = createServer(getRequestListener((request: Request) => upstream.fetch(request)));
await new Promise<void>((resolve) => upstreamServer.listen(0, '127.0.0.1', resolve));
const upstreamUrl = `http://127.0.0.1:${(upstreamServer.address() as AddressInfo).port}/mcp`;

const home = mkdtempSync(join(tmpdir(), 'sovereign-bench-mcp-'));
const apiKey = `sk-bench-${Date.now().toString(36)}`;
const env = { SOVEREIGN_API_KEY: apiKey };
const config = validateConfig(
  {
    providers: [{ id: 'sim', adapter: 'openai-compatible', tier: 'cloud', jurisdiction: 'US', operator: { name: 'Sim', country: 'US' }, simulated: {}, models: [{ name: 'gpt-4o-mini' }] }],
    mcp: { servers: [{ id: 'remote', transport: 'http', url: upstreamUrl, jurisdiction: 'DE', operator: { name: 'Bench', country: 'DE' } }] },
    tenants: { default: { mcp: { servers: ['remote'] } } },
  },
  'bench-mcp',
  env,
);
const gateway = await startGateway({ config, env, home, host: '127.0.0.1', port: 0, logger: createLogger({ level: 'warn' }) });

const connect = async (url: string, headers: Record<string, string>) => {
  const client = new Client({ name: 'bench', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
};
const percentile = (sorted: number[], fraction: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;

type Figures = { p50: number; p99: number; mean: number };

/** Calls both paths in turn, one call each per round, so a change in the machine's load falls on both alike. */
async function measurePair(paths: Array<{ client: Client; tool: string }>): Promise<Figures[]> {
  const once = async (path: { client: Client; tool: string }, index: number) => {
    const result = await path.client.callTool({ name: path.tool, arguments: { text: `call ${index}` } });
    if (result.isError) throw new Error(`${path.tool} failed: ${JSON.stringify(result.content)}`);
  };
  for (let index = 0; index < Math.min(50, calls); index++) for (const path of paths) await once(path, index);
  const samples = paths.map(() => [] as number[]);
  for (let index = 0; index < calls; index++) {
    for (const [position, path] of paths.entries()) {
      const started = performance.now();
      await once(path, index);
      samples[position]!.push(performance.now() - started);
    }
  }
  return samples.map((list) => {
    list.sort((a, b) => a - b);
    return { p50: percentile(list, 0.5), p99: percentile(list, 0.99), mean: list.reduce((sum, value) => sum + value, 0) / list.length };
  });
}

try {
  log(`MCP tool call latency, ${calls} calls each (after a warm-up), revision 2026-07-28`);
  const direct = await connect(upstreamUrl, {});
  const viaGateway = await connect(`${gateway.url}/mcp`, { authorization: `Bearer ${apiKey}` });
  const [directFigures, gatewayFigures] = (await measurePair([
    { client: direct, tool: 'echo' },
    { client: viaGateway, tool: 'remote__echo' },
  ])) as [Figures, Figures];
  await direct.close();
  await viaGateway.close();
  const round = (value: number) => Math.round(value * 100) / 100;
  const added = { p50_ms: round(gatewayFigures.p50 - directFigures.p50), p99_ms: round(gatewayFigures.p99 - directFigures.p99), ratio_p50: round(gatewayFigures.p50 / directFigures.p50) };
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ calls, direct: directFigures, gateway: gatewayFigures, added })}\n`);
  } else {
    process.stdout.write(
      `${formatTable(
        ['path', 'p50 ms', 'p99 ms', 'mean ms'],
        [
          ['direct to the upstream', round(directFigures.p50), round(directFigures.p99), round(directFigures.mean)],
          ['through Sovereign /mcp', round(gatewayFigures.p50), round(gatewayFigures.p99), round(gatewayFigures.mean)],
        ],
      )}\n\nadded per tool call: ${added.p50_ms} ms at p50, ${added.p99_ms} ms at p99 (${added.ratio_p50}x the direct p50)\n`,
    );
  }
} finally {
  await gateway.shutdown(0);
  upstreamServer.close();
  rmSync(home, { recursive: true, force: true });
}
