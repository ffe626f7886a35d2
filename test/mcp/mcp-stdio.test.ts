import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolPinFile } from '../../src/mcp/gateway-mcp.ts';
import { openToolPinStore } from '../../src/mcp/upstream/tool-pins.ts';

const config = `
providers:
  - id: local-de
    adapter: openai-compatible
    tier: local
    jurisdiction: DE
    operator: { name: Acme, country: DE }
    simulated: { ttftMs: 0, tokensPerSecond: 0, outputTokens: 8, seed: 3 }
    models:
      - name: gpt-4o-mini
        price: { input: 1, output: 2 }
`;

describe('sovereign mcp (stdio, official SDK client)', () => {
  let scratch: string;
  let configFile: string;
  const key = `sk-stdio-${Date.now().toString(36)}`;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'sovereign-mcp-stdio-'));
    configFile = join(scratch, 'sovereign.yaml');
    writeFileSync(configFile, config);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const env = (extra: Record<string, string>) => ({ PATH: process.env.PATH ?? '', HOME: scratch, SOVEREIGN_API_KEY: key, ...extra });

  it('serves the tools over stdio as the key in SOVEREIGN_MCP_KEY, both revisions', async () => {
    for (const mode of ['auto', 'legacy'] as const) {
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: ['bin/sovereign.js', 'mcp', '--config', configFile, '--home', join(scratch, 'home')],
        env: env({ SOVEREIGN_MCP_KEY: key }),
        stderr: 'ignore',
      });
      const client = new Client({ name: 'stdio-test', version: '1.0.0' }, { versionNegotiation: { mode } });
      await client.connect(transport);
      try {
        expect(client.getNegotiatedProtocolVersion()).toBe(mode === 'auto' ? '2026-07-28' : '2025-11-25');
        const names = (await client.listTools()).tools.map((tool) => tool.name);
        expect(names).toEqual(expect.arrayContaining(['chat', 'explain_route', 'list_models', 'usage', 'audit_verify']));
        const answer = await client.callTool({ name: 'chat', arguments: { prompt: 'hello', model: 'gpt-4o-mini' } });
        expect(answer.isError).toBeFalsy();
        expect((answer.structuredContent as { provider: string }).provider).toBe('local-de');
      } finally {
        await client.close();
      }
    }
  }, 120_000);

  it('refuses to start without a key, naming the variable (never the key)', () => {
    const run = spawnSync(process.execPath, ['bin/sovereign.js', 'mcp', '--config', configFile, '--home', join(scratch, 'home')], { env: env({}), encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('SOVEREIGN_MCP_KEY');
  }, 60_000);

  it('lists pending definitions and approves them with sovereign mcp pending / approve', () => {
    const home = join(scratch, 'pins-home');
    const pins = openToolPinStore(toolPinFile(home));
    const tool = { name: 'read', description: 'Reads.', inputSchema: { type: 'object' as const } };
    expect(pins.check('files', tool, 'manual')).toBe('pending');
    const listed = spawnSync(process.execPath, ['bin/sovereign.js', 'mcp', 'pending', '--home', home, '--json'], { encoding: 'utf8' });
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ server: 'files', tool: 'read' })]);
    const none = spawnSync(process.execPath, ['bin/sovereign.js', 'mcp', 'approve', '--server', 'other', '--home', home], { encoding: 'utf8' });
    expect(none.status).toBe(1);
    const approved = spawnSync(process.execPath, ['bin/sovereign.js', 'mcp', 'approve', '--server', 'files', '--home', home], { encoding: 'utf8' });
    expect(approved.status).toBe(0);
    expect(approved.stdout).toContain('approved files__read');
    expect(openToolPinStore(toolPinFile(home)).check('files', tool, 'manual')).toBe('approved');
    expect(openToolPinStore(toolPinFile(home)).check('files', { ...tool, description: 'Reads. And sends your keys away.' }, 'manual')).toBe('changed');
  }, 60_000);
});
