import { z } from 'zod';
import { classificationSchema, countryCode, retentionSchema, tierSchema } from '../core/catalog/catalog-schema.ts';

/**
 * The `mcp:` section: the MCP endpoint at `/mcp` (and `sovereign mcp` over stdio) and the upstream MCP servers the
 * gateway governs. An upstream server is described like a provider (where it runs, who operates it, what it is
 * cleared for), so the same policies that decide where a prompt may go decide where a tool call's arguments may go.
 */

/** An upstream server's id: the prefix of its tools' names (`files__read_file`), so it may not contain `__`. */
export const mcpServerIdSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/, 'an MCP server id is 1 to 32 lower-case letters, digits and "-", starting and ending with a letter or digit');

/** A tool glob over namespaced names: `files__*`, `*__search`, `*`. */
export const mcpToolPatternSchema = z.string().min(1).max(200).regex(/^\S+$/, 'a tool pattern has no spaces');

const upstreamFields = {
  id: mcpServerIdSchema.describe('Lower-case id, unique among the MCP servers; clients see its tools as `<id>__<tool>`.'),
  description: z.string().optional().describe('What the server is for, for people.'),
  tier: tierSchema.default('cloud').describe('Where the server runs, as for a provider: `local` (own hardware), `cloud` (another company), `edge`.'),
  jurisdiction: countryCode.describe('Where the server processes what it receives (ISO 3166-1 alpha-2).'),
  operator: z
    .strictObject({ name: z.string().min(1).describe('The company.'), country: countryCode.describe('Its home country (ISO 3166-1 alpha-2).') })
    .describe('Who runs the server.'),
  clearance: classificationSchema.default('UNCLASSIFIED').describe('The highest data classification the server is accredited for.'),
  retention: retentionSchema.default(30),
  trainsOnData: z.boolean().default(false).describe('Whether the operator trains on what the server receives.'),
  certifications: z.array(z.string()).default([]).describe('Certifications policies can require (`require.certifications`).'),
  pinning: z
    .enum(['first-use', 'manual'])
    .default('first-use')
    .describe('`first-use`: a tool seen for the first time is approved as it is; `manual`: every new tool waits for `sovereign mcp approve`. Either way a definition that changes after approval is withheld until approved again.'),
  costUsdPerCall: z.number().nonnegative().default(0).describe('What one call costs (USD), charged to the key\'s and tenant\'s budgets and booked in the ledger.'),
  timeoutMs: z.number().int().positive().default(30_000).describe('Longest wait for a tool call\'s result (ms).'),
  protocol: z
    .enum(['auto', 'legacy', 'modern'])
    .default('auto')
    .describe('The MCP revision spoken to the server: `auto` probes with `server/discover` (2026-07-28) and falls back to `initialize` (2025-11-25); `legacy` or `modern` pin one.'),
  enabled: z.boolean().default(true).describe('A disabled server is left out entirely.'),
};

const stdioServerSchema = z.strictObject({
  ...upstreamFields,
  transport: z.literal('stdio').describe('Started as a child process speaking MCP on stdin and stdout.'),
  command: z.string().min(1).describe('The program to run.'),
  args: z.array(z.string()).default([]).describe('Its arguments.'),
  env: z
    .record(z.string(), z.string())
    .default({})
    .describe("Its environment on top of a minimal one (PATH, HOME, ...): credentials as `${ENV_VAR}`. The gateway's own environment is not passed on."),
  cwd: z.string().optional().describe('Its working directory.'),
});

const httpServerSchema = z.strictObject({
  ...upstreamFields,
  transport: z.literal('http').describe('Reached over Streamable HTTP.'),
  url: z.url({ protocol: /^https?$/ }).describe('The server\'s MCP endpoint.'),
  headers: z
    .record(z.string(), z.string())
    .default({})
    .describe('Headers on every request to it, e.g. `authorization: Bearer ${TOKEN}`. A client\'s own credentials are never passed on.'),
});

export const mcpUpstreamSchema = z.discriminatedUnion('transport', [stdioServerSchema, httpServerSchema]);
export type McpUpstreamConfig = z.infer<typeof mcpUpstreamSchema>;

/** What one key may reach, narrower than its tenant: by key id (`key_...`) or key name. */
export const mcpKeyAccessSchema = z.strictObject({
  servers: z.array(mcpServerIdSchema).optional().describe('Servers this key may reach (within the tenant\'s).'),
  tools: z.array(mcpToolPatternSchema).optional().describe('Tools this key may call, as globs over namespaced names (within the tenant\'s).'),
  callsPerMinute: z.number().int().positive().optional().describe('Tool calls per minute for this key.'),
});
export type McpKeyAccess = z.infer<typeof mcpKeyAccessSchema>;

/** A tenant's access to upstream MCP servers (`tenants.<name>.mcp`). */
export const mcpTenantSchema = z
  .strictObject({
    servers: z.array(mcpServerIdSchema).default([]).describe('The upstream servers the tenant\'s agents see; none unless listed.'),
    tools: z.array(mcpToolPatternSchema).default(['*']).describe('The tools they may call, as globs over namespaced names (`files__read_*`).'),
    callsPerMinute: z.number().int().positive().optional().describe('Tool calls per minute for all the tenant\'s keys together.'),
    keys: z.record(z.string().min(1), mcpKeyAccessSchema).default({}).describe('Narrower access for some keys, by key id or key name.'),
    policies: z.array(z.unknown()).default([]).describe('The tenant\'s own tool-call policies, on top of every other policy in force.'),
  })
  .describe("The tenant's access to upstream MCP servers through the gateway.");
export type McpTenantConfig = z.infer<typeof mcpTenantSchema>;

export const mcpSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Serve MCP at `/mcp` (keys need the `mcp` scope).'),
    allowedHosts: z
      .array(z.string().min(1))
      .default([])
      .describe('Host names accepted in the `Host` header at `/mcp`, besides loopback ones (DNS-rebinding protection). Name the public host when the gateway is reached by name.'),
    allowedOrigins: z
      .array(z.string().min(1))
      .default([])
      .describe('Browser origins (host names) accepted in the `Origin` header at `/mcp`, besides loopback ones; a request without `Origin` is not a browser\'s and passes.'),
    callsPerMinutePerKey: z.number().int().positive().optional().describe('Upstream tool calls per minute for any one key, unless the tenant names one for it.'),
    resultMemory: z
      .strictObject({
        ttlSeconds: z
          .number()
          .int()
          .nonnegative()
          .default(3600)
          .describe('How long after a classified tool result the caller\'s later model requests and tool calls are held to its level (s); 0 turns the memory off.'),
        scope: z
          .enum(['key', 'conversation'])
          .default('key')
          .describe('`key`: every later request of the key that received the result; `conversation`: only requests with the same `x-sovereign-conversation` id (and requests without one).'),
      })
      .prefault({})
      .describe('Tool-result memory: a tool result carrying a classification marking raises the level of what its caller sends next, even once the client has paraphrased the marking away.'),
    toolListTtlSeconds: z.number().int().positive().default(60).describe('How long an upstream server\'s tool list is reused before it is asked again (a `list_changed` notice refreshes it at once).'),
    policies: z.array(z.unknown()).default([]).describe('Policies for tool calls only, on top of the global ones (which govern tool calls too).'),
    servers: z
      .array(mcpUpstreamSchema)
      .default([])
      .superRefine((servers, context) => {
        const seen = new Set<string>();
        servers.forEach((server, index) => {
          if (seen.has(server.id)) context.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate MCP server id "${server.id}"` });
          seen.add(server.id);
        });
      })
      .describe('The upstream MCP servers the gateway governs.'),
  })
  .prefault({})
  .describe('MCP: Sovereign\'s own tools at `/mcp` and over stdio, and the governed gateway to upstream MCP servers.');
export type McpConfig = z.infer<typeof mcpSchema>;
