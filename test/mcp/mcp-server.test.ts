import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

interface StructuredChat {
  text: string;
  model: string;
  provider?: string;
  decision?: string;
}

describe('Sovereign as an MCP server at /mcp (official SDK client)', () => {
  let harness: TestGateway;
  let chatOnlyKey: string;
  let mcpKey: string;
  let adminKey: string;

  const createKey = async (body: Record<string, unknown>) => {
    const response = await fetch(`${harness.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { secret: string }).secret;
  };

  const connect = async (key: string, mode: 'auto' | 'legacy' = 'auto', headers: Record<string, string> = {}) => {
    const client = new Client({ name: 'mcp-test', version: '1.0.0' }, { versionNegotiation: { mode } });
    const transport = new StreamableHTTPClientTransport(new URL(`${harness.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}`, ...headers } } });
    await client.connect(transport);
    return client;
  };

  beforeAll(async () => {
    harness = await startTestGateway({
      providers: [
        simulatedProvider('cloud-us', 'openai-compatible', ['gpt-4o-mini']),
        simulatedProvider('local-de', 'openai-compatible', ['gpt-4o-mini'], { tier: 'local', jurisdiction: 'DE', operator: { name: 'Acme', country: 'DE' } }),
      ],
      config: {
        policies: [{ name: 'personal-data-stays-in-the-eu', when: 'profile.hasPersonalData', require: { jurisdictions: ['DE'] } }],
      },
    });
    chatOnlyKey = await createKey({ tenant: 'acme', name: 'chat-only', scopes: ['chat'] });
    mcpKey = await createKey({ tenant: 'acme', name: 'agent', scopes: ['chat', 'mcp'] });
    adminKey = await createKey({ tenant: 'acme', name: 'admin', scopes: ['chat', 'mcp', 'admin'] });
  });
  afterAll(() => harness.close());

  for (const mode of ['auto', 'legacy'] as const) {
    it(`negotiates ${mode === 'auto' ? '2026-07-28' : '2025-11-25'} and lists the tools this key may use (${mode})`, async () => {
      const client = await connect(mcpKey, mode);
      try {
        expect(client.getNegotiatedProtocolVersion()).toBe(mode === 'auto' ? '2026-07-28' : '2025-11-25');
        const { tools } = await client.listTools();
        const names = tools.map((tool) => tool.name).sort();
        expect(names).toEqual(['chat', 'explain_route', 'list_models', 'usage']);
        expect(client.getServerVersion()?.name).toBe('sovereign');
      } finally {
        await client.close();
      }
    });
  }

  it('answers chat through the model pipeline as the caller, and books it on the caller\'s key', async () => {
    const client = await connect(mcpKey);
    try {
      const before = harness.simulator('cloud-us').received.length + harness.simulator('local-de').received.length;
      const result = await client.callTool({ name: 'chat', arguments: { prompt: 'Say hello', model: 'gpt-4o-mini' } });
      expect(result.isError).toBeFalsy();
      const structured = result.structuredContent as unknown as StructuredChat;
      expect(structured.text.length).toBeGreaterThan(0);
      expect(structured.model).toBe('gpt-4o-mini');
      expect(['cloud-us', 'local-de']).toContain(structured.provider);
      expect(structured.decision).toMatch(/^dec_/);
      expect(harness.simulator('cloud-us').received.length + harness.simulator('local-de').received.length).toBe(before + 1);
      const usage = await client.callTool({ name: 'usage', arguments: {} });
      const rows = (usage.structuredContent as { rows: Array<{ requests: number }> }).rows;
      expect(rows[0]?.requests).toBeGreaterThanOrEqual(1);
    } finally {
      await client.close();
    }
  });

  it('routes personal data only where the policies allow (chat and explain_route agree)', async () => {
    const client = await connect(mcpKey);
    try {
      const prompt = 'Write to jane.doe@example.com about her invoice';
      const explained = await client.callTool({ name: 'explain_route', arguments: { prompt, model: 'gpt-4o-mini' } });
      const decision = explained.structuredContent as { routed: boolean; provider: string; jurisdiction: string; personalData: string[]; policies: string[] };
      expect(decision.routed).toBe(true);
      expect(decision.jurisdiction).toBe('DE');
      expect(decision.personalData).toContain('email');
      expect(decision.policies).toContain('personal-data-stays-in-the-eu');
      const localBefore = harness.simulator('local-de').received.length;
      const answered = await client.callTool({ name: 'chat', arguments: { prompt, model: 'gpt-4o-mini' } });
      expect((answered.structuredContent as unknown as StructuredChat).provider).toBe('local-de');
      expect(harness.simulator('local-de').received.length).toBe(localBefore + 1);
    } finally {
      await client.close();
    }
  });

  it('lists models with their jurisdictions', async () => {
    const client = await connect(mcpKey);
    try {
      const result = await client.callTool({ name: 'list_models', arguments: { jurisdiction: 'de' } });
      const models = (result.structuredContent as { models: Array<{ provider: string; jurisdiction: string; tier: string }> }).models;
      expect(models).toEqual([expect.objectContaining({ provider: 'local-de', jurisdiction: 'DE', tier: 'local' })]);
    } finally {
      await client.close();
    }
  });

  it('shows audit_verify to admin keys only, and it verifies the log', async () => {
    const client = await connect(adminKey);
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('audit_verify');
      const result = await client.callTool({ name: 'audit_verify', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { ok: boolean; records: number }).ok).toBe(true);
    } finally {
      await client.close();
    }
    const agent = await connect(mcpKey);
    try {
      await expect(agent.callTool({ name: 'audit_verify', arguments: {} })).rejects.toThrow(/Unknown tool/);
    } finally {
      await agent.close();
    }
  });

  it('answers bad tool arguments with an error result naming the argument', async () => {
    const client = await connect(mcpKey);
    try {
      const result = await client.callTool({ name: 'chat', arguments: { prompt: 'x', temperature: 9 } });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(/temperature/);
    } finally {
      await client.close();
    }
  });

  it('refuses a missing or unknown key with 401 and WWW-Authenticate, and a key without the mcp scope with 403', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const missing = await fetch(`${harness.url}/mcp`, { method: 'POST', headers, body });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(((await missing.json()) as { error: { code: number } }).error.code).toBeLessThan(0);
    const unknown = await fetch(`${harness.url}/mcp`, { method: 'POST', headers: { ...headers, authorization: 'Bearer sk-nope-123456' }, body });
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).not.toContain('sk-nope-123456');
    const unscoped = await fetch(`${harness.url}/mcp`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${chatOnlyKey}` }, body });
    expect(unscoped.status).toBe(403);
    await expect(connect('sk-wrong-key')).rejects.toThrow();
  });

  it('refuses a foreign Host or Origin (DNS rebinding) with 403 before reading the key', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${mcpKey}` };
    const origin = await fetch(`${harness.url}/mcp`, { method: 'POST', headers: { ...headers, origin: 'http://evil.example' }, body });
    expect(origin.status).toBe(403);
    // fetch will not send a forged Host; a raw request does.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = request(`${harness.url}/mcp`, { method: 'POST', headers: { ...headers, host: 'evil.example' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
    expect(status).toBe(403);
  });
});
