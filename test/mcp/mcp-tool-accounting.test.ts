import { Client, ProtocolError, StreamableHTTPClientTransport, type CallToolResult } from '@modelcontextprotocol/client';
import { createMcpHandler, Server } from '@modelcontextprotocol/server';
import { getRequestListener } from '@hono/node-server';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditStore } from '../../src/security/audit/audit-store.ts';
import { ledgerRows } from '../helpers/ledger-rows.ts';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

describe('tool calls through the MCP gateway count against rate limits and budgets, and are in the ledger', () => {
  let harness: TestGateway;
  let remote: HttpServer;
  let upstreamCalls = 0;

  const createKey = async (tenant: string, name: string, extra: Record<string, unknown> = {}) => {
    const response = await fetch(`${harness.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant, name, scopes: ['mcp'], ...extra }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; secret: string };
  };
  const withClient = async <T,>(key: string, use: (client: Client) => Promise<T>) => {
    const client = new Client({ name: 'accounting-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${harness.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
    try {
      return await use(client);
    } finally {
      await client.close();
    }
  };
  const charge = (key: string) => withClient(key, (client) => client.callTool({ name: 'billing__charge', arguments: { item: 'report' } }) as Promise<CallToolResult>);
  const refusal = async (key: string) => {
    const error = await charge(key).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ProtocolError);
    return error as ProtocolError;
  };

  beforeAll(async () => {
    const upstream = createMcpHandler(() => {
      const server = new Server({ name: 'billing', version: '1.0.0' }, { capabilities: { tools: {} } });
      server.setRequestHandler('tools/list', async () => ({ tools: [{ name: 'charge', description: 'A paid lookup.', inputSchema: { type: 'object', properties: { item: { type: 'string' } } } }] }));
      server.setRequestHandler('tools/call', async () => {
        upstreamCalls++;
        return { content: [{ type: 'text', text: 'charged' }] };
      });
      return server;
    });
    remote = createServer(getRequestListener((request: Request) => upstream.fetch(request)));
    await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
    harness = await startTestGateway({
      providers: [simulatedProvider('cloud-us', 'openai-compatible', ['gpt-4o-mini'])],
      config: {
        mcp: {
          servers: [
            {
              id: 'billing',
              transport: 'http',
              url: `http://127.0.0.1:${(remote.address() as AddressInfo).port}/mcp`,
              jurisdiction: 'DE',
              operator: { name: 'Billing GmbH', country: 'DE' },
              costUsdPerCall: 0.4,
            },
          ],
        },
        tenants: {
          acme: { mcp: { servers: ['billing'] } },
          globex: { budgets: { usdPerDay: 0.5 }, mcp: { servers: ['billing'] } },
        },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
    remote?.close();
  });

  it("charges each call to the key's budget and refuses the one it does not cover with a JSON-RPC error naming the budget", async () => {
    const key = await createKey('acme', 'metered', { budgets: { usd_per_day: 1 } });
    const before = upstreamCalls;
    expect((await charge(key.secret)).isError).toBeFalsy();
    expect((await charge(key.secret)).isError).toBeFalsy();
    const refused = await refusal(key.secret);
    expect(refused.code).toBe(-32029);
    expect(refused.message).toMatch(/key's daily budget of \$1/);
    expect(refused.data).toMatchObject({ code: 'budget_exceeded', scope: 'key', period: 'day', unit: 'usd' });
    expect(upstreamCalls).toBe(before + 2);

    const rows = (await ledgerRows(harness)).filter((row) => row.dialect === 'mcp-tool');
    const usage = await harness.gateway.services.ledger.usage({ tenant: 'acme', keyId: key.id, groupBy: ['model', 'provider'] });
    expect(usage).toEqual([expect.objectContaining({ model: 'billing__charge', provider: 'billing', requests: 3, errors: 1, costUsd: 0.8 })]);
    expect(rows.filter((row) => row.model === 'billing__charge').map((row) => row.status)).toEqual(expect.arrayContaining([200, 200, 429]));

    // The refusal is in the signed audit log too.
    await harness.gateway.services.auditLog.flush();
    const store = openAuditStore(harness.gateway.services.auditLog.dbFile, { readonly: true });
    try {
      const records = [...store.recordsAfter(0)].map((row) => JSON.parse(row.record) as { keyId: string; tool?: string; errorCode?: string; costUsd: number });
      const own = records.filter((record) => record.keyId === key.id);
      expect(own.map((record) => record.errorCode ?? 'ok')).toEqual(['ok', 'ok', 'budget_exceeded']);
      expect(own.map((record) => record.costUsd)).toEqual([0.4, 0.4, 0]);
    } finally {
      store.close();
    }
  });

  it("holds the tenant's budget across its keys", async () => {
    const first = await createKey('globex', 'one');
    const second = await createKey('globex', 'two');
    expect((await charge(first.secret)).isError).toBeFalsy();
    const refused = await refusal(second.secret);
    expect(refused.message).toMatch(/tenant's daily budget of \$0\.5/);
  });

  it("counts tool calls against the key's requests per minute", async () => {
    const key = await createKey('acme', 'rated', { rate_limits: { requests_per_minute: 2 } });
    expect((await charge(key.secret)).isError).toBeFalsy();
    expect((await charge(key.secret)).isError).toBeFalsy();
    const refused = await refusal(key.secret);
    expect(refused.code).toBe(-32029);
    expect(refused.data).toMatchObject({ code: 'rate_limited' });
  });

  it("shows tool calls in the caller's own usage (the usage tool)", async () => {
    const key = await createKey('acme', 'reader');
    await charge(key.secret);
    const result = await withClient(key.secret, (client) => client.callTool({ name: 'usage', arguments: { groupBy: 'model' } }));
    expect(result.structuredContent).toMatchObject({ rows: [expect.objectContaining({ model: 'billing__charge', requests: 1, costUsd: 0.4 })] });
  });
});
