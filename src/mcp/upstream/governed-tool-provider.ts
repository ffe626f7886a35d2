import { ProtocolError, ProtocolErrorCode, type CallToolResult, type Tool } from '@modelcontextprotocol/server';
import { randomUUID } from 'node:crypto';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { mergePolicySets, type CompiledPolicySet } from '../../core/policy/index.ts';
import type { DataProfile } from '../../core/profile/index.ts';
import { shownText } from '../../core/errors/shown-text.ts';
import type { AuditLog } from '../../security/audit/audit-log.ts';
import { matchGlob } from '../../security/keys/match-glob.ts';
import type { RateLimiter, RateSubject } from '../../security/rate-limit/rate-limiter.ts';
import type { GatewayConfig } from '../../server/config/config-schema.ts';
import type { Logger } from '../../server/logger.ts';
import type { McpCaller } from '../mcp-caller.ts';
import type { McpUpstreamConfig } from '../mcp-config-schema.ts';
import type { McpToolProvider } from '../mcp-tool-provider.ts';
import { textResult } from '../tools/builtin-tool.ts';
import { checkToolCall, type ToolCallVerdict } from './tool-call-guard.ts';
import { toolDefinition, type ToolPinStore } from './tool-pins.ts';
import type { UpstreamClient } from './upstream-client.ts';

/** Separates a server's id from its tool's name in the names clients see (`files__read_file`). */
export const toolNameSeparator = '__';

export interface GovernedToolOptions {
  config: GatewayConfig;
  upstreams: ReadonlyMap<string, UpstreamClient>;
  pins: ToolPinStore;
  /** The model policies in force for a tenant (global and the tenant's); tool-call policies are added to them. */
  policiesFor(tenant: string): CompiledPolicySet;
  /** Compiles `mcp.policies` and `tenants.<name>.mcp.policies` (label for errors). */
  compile(policies: unknown[], path: string): CompiledPolicySet;
  auditLog: Pick<AuditLog, 'record'>;
  rateLimiter: RateLimiter;
  logger: Logger;
  /** `server.maxJsonDepth`: arguments nested deeper are refused before anything reads them. */
  maxJsonDepth: number;
}

/**
 * The governed upstream MCP servers as one aggregated set of tools per caller, named `<server>__<tool>`:
 * - the caller sees the servers its tenant lists (narrowed by its key's entry) and, of their tools, those matching the
 *   tenant's and key's globs, and only definitions whose pinned hash is approved (a new or changed one is withheld
 *   until `sovereign mcp approve`);
 * - a call is checked again (allowlist, pin), rate-limited (`callsPerMinute`), its arguments profiled and held to the
 *   policies in force (`checkToolCall`), then sent with the server's configured credentials only;
 * - every call and every refusal is a record in the signed audit log (tool, server, jurisdiction, what the arguments
 *   carried, outcome, cost).
 */
export function governedToolProvider(options: GovernedToolOptions): McpToolProvider {
  const { config } = options;
  const toolPolicies = options.compile(config.mcp.policies, 'mcp.policies');
  // Compiled at start-up, so a bad tool policy (or one named like a model policy) refuses to start.
  const fallback = mergePolicySets(options.policiesFor(''), toolPolicies);
  const perTenant = new Map<string, CompiledPolicySet>();
  for (const tenant of Object.keys(config.tenants)) {
    const own = config.tenants[tenant]?.mcp?.policies ?? [];
    const merged = mergePolicySets(options.policiesFor(tenant), toolPolicies);
    perTenant.set(tenant, own.length > 0 ? mergePolicySets(merged, options.compile(own, `tenants.${tenant}.mcp.policies`)) : merged);
  }
  const policiesFor = (tenant: string) => perTenant.get(tenant) ?? fallback;

  /** The caller's access: the servers it may reach and the globs its tools must match (tenant's and key's). */
  const accessOf = (caller: McpCaller) => {
    const tenant = ownEntry(config.tenants, caller.principal.tenant)?.mcp;
    if (!tenant) return undefined;
    const key = ownEntry(tenant.keys, caller.principal.keyId) ?? (caller.principal.keyName ? ownEntry(tenant.keys, caller.principal.keyName) : undefined);
    const servers = new Set(key?.servers ?? tenant.servers);
    const patterns = [tenant.tools, ...(key?.tools ? [key.tools] : [])];
    const callsPerMinute = key?.callsPerMinute ?? config.mcp.callsPerMinutePerKey;
    return { servers, patterns, callsPerMinute, tenantCallsPerMinute: tenant.callsPerMinute };
  };
  const toolAllowed = (patterns: string[][], name: string) => patterns.every((list) => list.some((pattern) => matchGlob(pattern, name)));

  const visibleTools = async (server: McpUpstreamConfig, client: UpstreamClient, signal: AbortSignal) => {
    const tools = await client.listTools(signal);
    return tools.filter((tool) => options.pins.check(server.id, tool, server.pinning) === 'approved').map(toolDefinition);
  };

  const audit = async (caller: McpCaller, server: McpUpstreamConfig, tool: string, outcome: 'ok' | 'refused' | 'failed', profile: DataProfile | undefined, errorCode?: string) => {
    await options.auditLog.record({
      requestId: randomUUID(),
      tenant: caller.principal.tenant,
      keyId: caller.principal.keyId,
      ...(caller.principal.country ? { principalCountry: caller.principal.country } : {}),
      profile: {
        classification: profile?.classification ?? 'UNCLASSIFIED',
        personalKinds: profile?.personalData.map((found) => found.kind) ?? [],
        secretKinds: profile?.secrets.map((found) => found.kind) ?? [],
        markings: profile?.markings ?? [],
      },
      provider: server.id,
      jurisdiction: server.jurisdiction,
      tool,
      outcome,
      status: outcome === 'ok' ? 200 : outcome === 'refused' ? 403 : 502,
      ...(errorCode ? { errorCode } : {}),
      tokens: { input: 0, output: 0, cachedInput: 0 },
      costUsd: outcome === 'ok' ? server.costUsdPerCall : 0,
    });
  };

  return {
    async list(caller, signal) {
      const access = accessOf(caller);
      if (!access) return [];
      const lists = await Promise.all(
        [...access.servers].map(async (id) => {
          const client = options.upstreams.get(id);
          if (!client) return [];
          try {
            const tools = await visibleTools(client.server, client, signal);
            return tools
              .map((tool): Tool => ({ ...tool, name: `${id}${toolNameSeparator}${tool.name}` }))
              .filter((tool) => toolAllowed(access.patterns, tool.name));
          } catch (error) {
            // One unreachable server does not hide the others' tools.
            options.logger.warn({ server: id, err: error }, 'MCP upstream server did not list its tools');
            return [];
          }
        }),
      );
      return lists.flat();
    },

    async call(name, args, caller, signal): Promise<CallToolResult | undefined> {
      const separator = name.indexOf(toolNameSeparator);
      if (separator <= 0) return undefined;
      const client = options.upstreams.get(name.slice(0, separator));
      if (!client) return undefined;
      const server = client.server;
      const toolName = name.slice(separator + toolNameSeparator.length);
      // Audit records name a tool the server lists; any other name is recorded by its length only, so a client
      // cannot write a credential or personal data into the signed log by calling a tool named like it.
      const listed = (tools: readonly Tool[] | undefined) => tools?.some((candidate) => candidate.name === toolName) === true;
      let auditedName = listed(client.cachedTools()) ? name : `(a tool name of ${name.length} characters)`;
      const refuse = async (message: string, code: string, profile?: DataProfile) => {
        await audit(caller, server, auditedName, 'refused', profile, code);
        return textResult(`Refused: ${message}`, true);
      };
      const access = accessOf(caller);
      if (!access || !access.servers.has(server.id) || !toolAllowed(access.patterns, name)) {
        return refuse(`this key may not call ${shownText(name, 128)}.`, 'permission_denied');
      }
      let tool: Tool | undefined;
      try {
        tool = (await client.listTools(signal)).find((candidate) => candidate.name === toolName);
      } catch {
        await audit(caller, server, auditedName, 'failed', undefined, 'upstream_unavailable');
        return textResult(`The MCP server "${server.id}" is not reachable.`, true);
      }
      if (tool) auditedName = name;
      if (!tool) return refuse(`the server "${server.id}" has no tool named like that.`, 'not_found');
      const pin = options.pins.check(server.id, tool, server.pinning);
      if (pin !== 'approved') {
        return refuse(
          pin === 'changed'
            ? `the definition of ${name} changed since it was approved; it is withheld until an administrator approves it (sovereign mcp approve).`
            : `${name} is new and waits for an administrator's approval (sovereign mcp approve).`,
          'tool_not_approved',
        );
      }
      let verdict: ToolCallVerdict;
      try {
        verdict = checkToolCall({ args, principal: caller.principal, server, toolName: name, policies: policiesFor(caller.principal.tenant), maxJsonDepth: options.maxJsonDepth });
      } catch (error) {
        const gatewayError = GatewayError.from(error);
        if (gatewayError.code !== 'invalid_json') throw error;
        await audit(caller, server, name, 'refused', undefined, gatewayError.code);
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `The arguments of ${name} nest more than ${options.maxJsonDepth} levels deep (server.maxJsonDepth).`);
      }
      if (verdict.refusal) return refuse(`${verdict.refusal.reason}.`, 'policy_denied', verdict.profile);
      const subjects: RateSubject[] = [
        ...(access.callsPerMinute ? [{ scope: 'key' as const, id: `mcp:${caller.principal.keyId}`, limits: { requestsPerMinute: access.callsPerMinute } }] : []),
        ...(access.tenantCallsPerMinute ? [{ scope: 'tenant' as const, id: `mcp:${caller.principal.tenant}`, limits: { requestsPerMinute: access.tenantCallsPerMinute } }] : []),
      ];
      if (subjects.length > 0) {
        try {
          await options.rateLimiter.check(subjects);
        } catch (error) {
          const gatewayError = GatewayError.from(error);
          if (gatewayError.code !== 'rate_limited') throw error;
          return refuse('too many tool calls; try again in a minute.', 'rate_limited', verdict.profile);
        }
      }
      try {
        const result = toolResult(await client.callTool(toolName, args, signal));
        await audit(caller, server, name, result.isError ? 'failed' : 'ok', verdict.profile, result.isError ? 'tool_error' : undefined);
        return result;
      } catch (error) {
        await audit(caller, server, name, 'failed', verdict.profile, 'upstream_error');
        options.logger.warn({ server: server.id, tool: toolName, err: error }, 'MCP upstream tool call failed');
        return textResult(`The MCP server "${server.id}" failed to answer the call.`, true);
      }
    },
  };
}

/** A table's own entry for a name from a request (a key or tenant named `constructor` finds nothing inherited). */
function ownEntry<Value>(table: Readonly<Record<string, Value>>, name: string): Value | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/**
 * What of an upstream server's result is passed on: its content, structured content and error flag. Its `_meta`
 * (the upstream's server info, progress or task references) and any other field stay at the gateway.
 */
function toolResult(result: CallToolResult): CallToolResult {
  return {
    content: result.content,
    ...(result.structuredContent === undefined ? {} : { structuredContent: result.structuredContent }),
    ...(result.isError ? { isError: true } : {}),
  };
}
