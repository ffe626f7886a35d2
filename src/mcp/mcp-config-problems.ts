import type { GatewayConfig } from '../server/config/config-schema.ts';

/**
 * What the schema alone cannot check in the MCP settings: every server a tenant or key names exists, and a key's
 * servers are among its tenant's (a key narrows its tenant's access, never widens it). Each problem names its path.
 */
export function mcpConfigProblems(config: GatewayConfig): string[] {
  const problems: string[] = [];
  const known = new Set(config.mcp.servers.map((server) => server.id));
  for (const [tenant, settings] of Object.entries(config.tenants)) {
    const access = settings.mcp;
    if (!access) continue;
    access.servers.forEach((server, index) => {
      if (!known.has(server)) problems.push(`tenants.${tenant}.mcp.servers[${index}]: no MCP server "${server}" in mcp.servers`);
    });
    const tenantServers = new Set(access.servers);
    for (const [key, keyAccess] of Object.entries(access.keys)) {
      keyAccess.servers?.forEach((server, index) => {
        if (!tenantServers.has(server)) {
          problems.push(`tenants.${tenant}.mcp.keys.${key}.servers[${index}]: "${server}" is not among the tenant's servers (a key can only narrow them)`);
        }
      });
    }
  }
  return problems;
}
