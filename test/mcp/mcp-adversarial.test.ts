import { Client, StreamableHTTPClientTransport, type CallToolResult } from '@modelcontextprotocol/client';
import { createMcpHandler, Server } from '@modelcontextprotocol/server';
import { getRequestListener } from '@hono/node-server';
import { createServer, request as httpRequest, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamClient } from '../../src/mcp/upstream/upstream-client.ts';
import { openAuditStore } from '../../src/security/audit/audit-store.ts';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

const textOf = (result: CallToolResult) => result.content.map((block) => (block.type === 'text' ? block.text : '')).join('');

/** An HTTP MCP server on a free loopback port built from `handlers`, recording the arguments of every call. */
async function startUpstream(configure: (server: Server, calls: unknown[]) => void): Promise<{ url: string; calls: unknown[]; close(): void }> {
  const calls: unknown[] = [];
  const handler = createMcpHandler(() => {
    const server = new Server({ name: 'probe-upstream', version: '1.0.0' }, { capabilities: { tools: {} } });
    configure(server, calls);
    return server;
  });
  const http: HttpServer = createServer(getRequestListener((request: Request) => handler.fetch(request)));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`, calls, close: () => http.close() };
}

describe('the MCP gateway under attack', () => {
  let harness: TestGateway;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let key: string;

  /** One POST to /mcp with node:http (fetch may not set Host), answering the status and the JSON-RPC body. */
  const rpc = (body: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: { id?: unknown; error?: { code: number; message: string }; result?: unknown } | undefined }>((resolve, reject) => {
      const target = new URL(`${harness.url}/mcp`);
      const request = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25', ...headers },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => {
            const data = text.startsWith('{') || text.startsWith('[') ? text : (text.split('\n').find((line) => line.startsWith('data: '))?.slice(6) ?? '');
            resolve({ status: response.statusCode ?? 0, body: data ? (JSON.parse(data) as never) : undefined });
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const call = async (name: string, args: Record<string, unknown>) => {
    const client = new Client({ name: 'attacker', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${harness.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
    try {
      return (await client.callTool({ name, arguments: args })) as CallToolResult;
    } finally {
      await client.close();
    }
  };
  const auditedTools = async () => {
    await harness.gateway.services.auditLog.flush();
    const store = openAuditStore(harness.gateway.services.auditLog.dbFile, { readonly: true });
    try {
      return [...store.recordsAfter(0)].map((row) => row.record).filter((record) => record.includes('"tool"'));
    } finally {
      store.close();
    }
  };

  beforeAll(async () => {
    upstream = await startUpstream((server, calls) => {
      server.setRequestHandler('tools/list', async () => ({
        tools: [{ name: 'store', description: 'Stores a note.', inputSchema: { type: 'object', properties: {} }, _meta: { 'com.example/tracking': 'abc' } }],
      }));
      server.setRequestHandler('tools/call', async (request) => {
        calls.push(request.params.arguments);
        return { content: [{ type: 'text', text: 'stored' }], _meta: { 'com.example/injected': 'x' } };
      });
    });
    harness = await startTestGateway({
      providers: [simulatedProvider('cloud-us', 'openai-compatible', ['gpt-4o-mini'])],
      config: {
        mcp: {
          servers: [{ id: 'notes', transport: 'http', url: upstream.url, jurisdiction: 'US', operator: { name: 'Notes Inc', country: 'US' } }],
          policies: [{ name: 'tool-personal-data-in-de', when: 'profile.hasPersonalData', require: { jurisdictions: ['DE'] } }],
        },
        tenants: { acme: { mcp: { servers: ['notes'] } } },
      },
    });
    const response = await fetch(`${harness.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'acme', name: 'attacker', scopes: ['mcp'] }),
    });
    key = ((await response.json()) as { secret: string }).secret;
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
    upstream?.close();
  });

  it('refuses arguments nested past server.maxJsonDepth with a JSON-RPC error, sending nothing upstream', async () => {
    let nested: unknown = 'mail jane.doe@example.com';
    for (let level = 0; level < 70; level++) nested = { a: nested };
    const before = upstream.calls.length;
    await expect(call('notes__store', { note: 'x', nested })).rejects.toThrow(/nest more than 64 levels deep/);
    const deep = `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"notes__store","arguments":{"x":${'['.repeat(5_000)}${']'.repeat(5_000)}}}}`;
    const answer = await rpc(deep);
    expect(answer.body?.error?.code).toBe(-32602);
    expect(answer.body?.id).toBe(7);
    expect(upstream.calls.length).toBe(before);
  });

  it.each([
    ['a card number sent as a number', { amount: 4111111111111111 }],
    ['personal data under an argument named model', { model: 'jane.doe@example.com' }],
    ['personal data in JSON inside a string', { note: '{"to":"jane.doe\\u0040example.com"}' }],
    ['personal data in base64', { note: Buffer.from('write to jane.doe@example.com please').toString('base64') }],
    ['personal data as a key', { 'jane.doe@example.com': true }],
  ])('profiles %s and refuses it to a server outside the allowed jurisdictions', async (_label, args) => {
    const before = upstream.calls.length;
    const refused = await call('notes__store', args);
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/tool-personal-data-in-de/);
    expect(upstream.calls.length).toBe(before);
  });

  it('passes on neither the upstream\'s _meta on tools nor on results', async () => {
    const client = new Client({ name: 'attacker', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${harness.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
    try {
      const tool = (await client.listTools()).tools.find((candidate) => candidate.name === 'notes__store');
      expect(tool).toBeDefined();
      expect(JSON.stringify(tool)).not.toContain('com.example/tracking');
      const result = await client.callTool({ name: 'notes__store', arguments: { note: 'hello' } });
      expect(textOf(result as CallToolResult)).toBe('stored');
      expect(JSON.stringify(result)).not.toContain('com.example/injected');
    } finally {
      await client.close();
    }
  });

  it('never writes a credential sent as a tool name into the audit log', async () => {
    const secretName = 'notes__sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMn';
    const refused = await call(secretName, {});
    expect(refused.isError).toBe(true);
    const records = await auditedTools();
    expect(records.some((record) => record.includes('a tool name of'))).toBe(true);
    expect(records.join('\n')).not.toContain('sk-ant-api03');
  });

  it("holds tool calls to the caller's declared classification, and refuses a declaration it cannot read", async () => {
    const before = upstream.calls.length;
    const body = JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'notes__store', arguments: { note: 'the plan' } } });
    const declared = await rpc(body, { 'x-sovereign-classification': 'SECRET' });
    expect(declared.body?.result).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/SECRET, above the clearance of server "notes"/) }] });
    const unreadable = await rpc(body, { 'x-sovereign-classification': 'SORTA-SECRET' });
    expect(unreadable.body?.error?.code).toBe(-32602);
    expect(upstream.calls.length).toBe(before);
  });

  it.each([
    ['resources/read', { uri: 'file:///etc/passwd' }],
    ['resources/list', {}],
    ['prompts/get', { name: 'notes__anything' }],
    ['completion/complete', { ref: { type: 'ref/prompt', name: 'x' }, argument: { name: 'a', value: 'b' } }],
    ['sampling/createMessage', { messages: [], maxTokens: 1 }],
    ['elicitation/create', { message: 'x', requestedSchema: { type: 'object', properties: {} } }],
    ['logging/setLevel', { level: 'debug' }],
  ])('answers %s, which it does not offer, with method not found', async (method, params) => {
    const answer = await rpc(JSON.stringify({ jsonrpc: '2.0', id: 3, method, params }));
    expect(answer.body?.error?.code).toBe(-32601);
  });

  it.each([
    ['an object id', '{"jsonrpc":"2.0","id":{"a":1},"method":"tools/list"}'],
    ['a boolean id', '{"jsonrpc":"2.0","id":true,"method":"tools/list"}'],
    ['a fractional id', '{"jsonrpc":"2.0","id":1.5,"method":"tools/list"}'],
    ['an id nested 5,000 deep', `{"jsonrpc":"2.0","id":${'['.repeat(5_000)}${']'.repeat(5_000)},"method":"tools/list"}`],
    ['an empty batch', '[]'],
    ['JSON-RPC 1.0', '{"jsonrpc":"1.0","id":1,"method":"tools/list"}'],
    ['params as an array', '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":["x"]}'],
    ['cut-off JSON', '{"jsonrpc":"2.0",'],
    ['a tool name that is not a string', '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":{"a":1}}}'],
    ['arguments that are a string', '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"notes__store","arguments":"jane.doe@example.com"}}'],
  ])('answers %s with a JSON-RPC error', async (_label, body) => {
    const answer = await rpc(body);
    expect(answer.body?.error?.code).toBeLessThan(-32000);
    // Still serving afterwards.
    expect((await rpc('{"jsonrpc":"2.0","id":2,"method":"tools/list"}')).status).toBe(200);
  });

  it.each([
    ['a tool of a server the tenant does not list', 'other__store'],
    ['upper case', 'NOTES__store'],
    ['a look-alike letter', 'nоtes__store'],
    ['a zero-width space', 'notes\u200b__store'],
    ['a leading space', ' notes__store'],
    ['a single separator', 'notes_store'],
  ])('does not reach the upstream through %s', async (_label, name) => {
    const before = upstream.calls.length;
    const client = new Client({ name: 'attacker', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${harness.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
    try {
      const outcome = await client.callTool({ name, arguments: {} }).then(
        (result) => (result as CallToolResult).isError === true,
        () => true,
      );
      expect(outcome).toBe(true);
    } finally {
      await client.close();
    }
    expect(upstream.calls.length).toBe(before);
  });

  it.each([
    ['another host', { host: 'evil.example' }],
    ['a loopback name as a subdomain', { host: 'localhost.evil.example' }],
    ['a trailing-dot host', { host: 'localhost.' }],
    ['a page of another origin', { origin: 'http://evil.example' }],
    ['a loopback look-alike origin', { origin: 'http://127.0.0.1.evil.example' }],
    ['the null origin', { origin: 'null' }],
  ])('refuses %s with a 403 JSON-RPC error (DNS rebinding)', async (_label, headers) => {
    const answer = await rpc('{"jsonrpc":"2.0","id":1,"method":"tools/list"}', headers);
    expect(answer.status).toBe(403);
    expect(answer.body?.error?.message).toMatch(/DNS-rebinding/);
  });
});

describe('an upstream server that pages its tool list without end', () => {
  it('is cut short with an error instead of followed forever', async () => {
    let pages = 0;
    const upstream = await startUpstream((server) => {
      server.setRequestHandler('tools/list', async () => {
        pages++;
        return { tools: [], nextCursor: `page-${pages}` };
      });
    });
    const client = createUpstreamClient(
      { id: 'endless', transport: 'http', url: upstream.url, headers: {}, jurisdiction: 'US', operator: { name: 'X', country: 'US' }, tier: 'cloud', clearance: 'UNCLASSIFIED', retention: 30, trainsOnData: false, certifications: [], pinning: 'first-use', costUsdPerCall: 0, timeoutMs: 5_000, protocol: 'legacy', enabled: true },
      1_000,
    );
    try {
      await expect(client.listTools()).rejects.toThrow(/pagination did not terminate/);
      expect(pages).toBeLessThanOrEqual(100);
    } finally {
      await client.close();
      upstream.close();
    }
  }, 30_000);
});
