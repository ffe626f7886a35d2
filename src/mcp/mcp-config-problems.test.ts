import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../server/config/load-config.ts';

const base = (tenantMcp: string, servers: string) => `
providers: []
mcp:
  servers:
${servers}
tenants:
  acme:
    mcp:
${tenantMcp}
`;

const filesServer = `    - id: files
      transport: stdio
      command: node
      jurisdiction: DE
      operator: { name: Acme, country: DE }`;

describe('MCP configuration', () => {
  it('accepts a tenant that names a declared server, with defaults filled in', () => {
    const loaded = parseConfigText(base('      servers: [files]', filesServer), 'mcp.yaml', {});
    const server = loaded.config.mcp.servers[0]!;
    expect(server.id).toBe('files');
    expect(server.clearance).toBe('UNCLASSIFIED');
    expect(server.pinning).toBe('first-use');
    expect(loaded.config.tenants.acme?.mcp?.tools).toEqual(['*']);
  });

  it('refuses a tenant naming an unknown server, with the path', () => {
    expect(() => parseConfigText(base('      servers: [nowhere]', filesServer), 'mcp.yaml', {})).toThrow(/tenants\.acme\.mcp\.servers\[0\].*no MCP server "nowhere"/s);
  });

  it('refuses a key that widens its tenant\'s servers', () => {
    const tenant = '      servers: []\n      keys:\n        ci: { servers: [files] }';
    expect(() => parseConfigText(base(tenant, filesServer), 'mcp.yaml', {})).toThrow(/keys\.ci\.servers\[0\].*can only narrow/s);
  });

  it('refuses server ids that could not prefix tool names', () => {
    expect(() => parseConfigText(base('      servers: []', filesServer.replace('id: files', 'id: a__b')), 'mcp.yaml', {})).toThrow(/mcp\.servers.*id/s);
  });

  it('refuses duplicate server ids', () => {
    expect(() => parseConfigText(base('      servers: []', `${filesServer}\n${filesServer}`), 'mcp.yaml', {})).toThrow(/duplicate MCP server id "files"/);
  });
});
