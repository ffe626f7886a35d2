import { ProtocolError, ProtocolErrorCode, type CallToolResult, type Tool } from '@modelcontextprotocol/server';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { mergePolicySets, type CompiledPolicySet } from '../../core/policy/index.ts';
import type { DataProfile } from '../../core/profile/index.ts';
import { shownText } from '../../core/errors/shown-text.ts';
import type { AuditLog } from '../../security/audit/audit-log.ts';
import { matchGlob } from '../../security/keys/match-glob.ts';
import type { RateLimiter, RateSubject } from '../../security/rate-limit/rate-limiter.ts';
import { rateSubjects } from '../../security/rate-limit/rate-subjects.ts';
import type { BudgetGuard, Reservation } from '../../security/budget/budget-guard.ts';
import type { Ledger } from '../../store/ledger.ts';
import type { GatewayConfig } from '../../server/config/config-schema.ts';
import type { Logger } from '../../server/logger.ts';
import type { McpCaller } from '../mcp-caller.ts';
import type { McpUpstreamConfig } from '../mcp-config-schema.ts';
import type { McpToolProvider } from '../mcp-tool-provider.ts';
import { textResult } from '../tools/builtin-tool.ts';
import { argumentTexts, checkToolCall, type ToolCallVerdict } from './tool-call-guard.ts';
import { createToolCallRecorder, type ToolCallRecord } from './tool-call-records.ts';
import { conversationOf, type ToolResultMemory } from '../tool-result-memory.ts';
import { parseDeclaredHeaders, profileText } from '../../core/profile/index.ts';
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
  budgets: Pick<BudgetGuard, 'reserve' | 'settle' | 'release'>;
  ledger: Pick<Ledger, 'record'>;
  logger: Logger;
  /** Where classified results are remembered for the caller's later requests (`mcp.resultMemory`); absent: off. */
  memory?: ToolResultMemory;
  /** The clock of latencies and ledger times (ms since the epoch). */
  now?: () => number;
  /** `server.maxJsonDepth`: arguments nested deeper are refused before anything reads them. */
  maxJsonDepth: number;
}

/**
 * The governed upstream MCP servers as one aggregated set of tools per caller, named `<server>__<tool>`:
 * - the caller sees the servers its tenant lists (narrowed by its key's entry) and, of their tools, those matching the
 *   tenant's and key's globs, and only definitions whose pinned hash is approved (a new or changed one is withheld
 *   until `sovereign mcp approve`);
 * - a call is checked again (allowlist, pin), its arguments profiled (with the caller's declaration and what its earlier
 *   results raised) and held to the policies in force (`checkToolCall`), counted against the rate limits and, for a
 *   server with `costUsdPerCall`, reserved against the budgets (a JSON-RPC error `-32029` when refused), then sent with
 *   the server's configured credentials only; a classified result is remembered for the caller (`memory`);
 * - every call and every refusal is a record in the signed audit log and a ledger row (`createToolCallRecorder`).
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

  const recordToolCall = createToolCallRecorder({ auditLog: options.auditLog, ledger: options.ledger, logger: options.logger, ...(options.now ? { now: options.now } : {}) });
  const now = options.now ?? Date.now;

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
      const startedAt = now();
      const separator = name.indexOf(toolNameSeparator);
      if (separator <= 0) return undefined;
      const client = options.upstreams.get(name.slice(0, separator));
      if (!client) return undefined;
      const server = client.server;
      const toolName = name.slice(separator + toolNameSeparator.length);
      // Records name a tool the server lists; any other name is recorded by its length only, so a client cannot
      // write a credential or personal data into the signed log or the ledger by calling a tool named like it.
      const listed = (tools: readonly Tool[] | undefined) => tools?.some((candidate) => candidate.name === toolName) === true;
      let recordedName = listed(client.cachedTools()) ? name : `(a tool name of ${name.length} characters)`;
      const record = (outcome: ToolCallRecord['outcome'], details: Partial<Pick<ToolCallRecord, 'errorCode' | 'profile' | 'refusedBy' | 'costUsd'>> = {}) =>
        recordToolCall({ caller, server, tool: recordedName, outcome, startedAt, costUsd: 0, ...details });
      const refuse = async (message: string, errorCode: string, profile?: DataProfile, refusedBy?: readonly string[]) => {
        await record('refused', { errorCode, ...(profile ? { profile } : {}), ...(refusedBy ? { refusedBy } : {}) });
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
        await record('failed', { errorCode: 'upstream_unavailable' });
        return textResult(`The MCP server "${server.id}" is not reachable.`, true);
      }
      if (!tool) return refuse(`the server "${server.id}" has no tool named like that.`, 'not_found');
      recordedName = name;
      const pin = options.pins.check(server.id, tool, server.pinning);
      if (pin !== 'approved') {
        return refuse(
          pin === 'changed'
            ? `the definition of ${name} changed since it was approved; it is withheld until an administrator approves it (sovereign mcp approve).`
            : `${name} is new and waits for an administrator's approval (sovereign mcp approve).`,
          'tool_not_approved',
        );
      }
      const conversation = conversationOf({ get: (header) => caller.declarations[header] ?? null });
      const inherited = options.memory?.recall(caller.principal, conversation);
      let verdict: ToolCallVerdict;
      try {
        const declared = parseDeclaredHeaders(caller.declarations);
        verdict = checkToolCall({
          args,
          principal: caller.principal,
          server,
          toolName: name,
          policies: policiesFor(caller.principal.tenant),
          maxJsonDepth: options.maxJsonDepth,
          declared,
          ...(inherited ? { inherited } : {}),
        });
      } catch (error) {
        const gatewayError = GatewayError.from(error);
        if (gatewayError.code !== 'invalid_json' && gatewayError.code !== 'invalid_request') throw error;
        await record('refused', { errorCode: gatewayError.code });
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          gatewayError.code === 'invalid_json' ? `The arguments of ${name} nest more than ${options.maxJsonDepth} levels deep (server.maxJsonDepth).` : gatewayError.message,
        );
      }
      const profile = verdict.profile;
      if (verdict.refusal) return refuse(`${verdict.refusal.reason}.`, 'policy_denied', profile, verdict.refusal.policies);
      let reservation: Reservation | undefined;
      try {
        await options.rateLimiter.check(rateSubjectsOf(caller, access));
        if (server.costUsdPerCall > 0) reservation = await options.budgets.reserve(caller.principal, server.costUsdPerCall, 0);
      } catch (error) {
        const gatewayError = GatewayError.from(error);
        if (gatewayError.code !== 'rate_limited' && gatewayError.code !== 'budget_exceeded') throw error;
        await record('refused', { errorCode: gatewayError.code, profile });
        throw limitError(gatewayError);
      }
      try {
        const result = toolResult(await client.callTool(toolName, args, signal));
        if (options.memory) rememberResult(options.memory, caller, conversation, result, options.maxJsonDepth);
        // The server answered: the call is charged, whether or not the tool reported an error.
        if (reservation) options.budgets.settle(reservation, server.costUsdPerCall, 0);
        await record(result.isError ? 'failed' : 'ok', { profile, costUsd: server.costUsdPerCall, ...(result.isError ? { errorCode: 'tool_error' } : {}) });
        return result;
      } catch (error) {
        if (reservation) options.budgets.release(reservation);
        await record('failed', { errorCode: 'upstream_error', profile });
        options.logger.warn({ server: server.id, tool: toolName, err: error }, 'MCP upstream tool call failed');
        return textResult(`The MCP server "${server.id}" failed to answer the call.`, true);
      }
    },
  };

  /**
   * What a tool call counts against, requests per minute only: the MCP limits (`callsPerMinute` of the key and the
   * tenant, `mcp.callsPerMinutePerKey`) and the key's and tenant's own request rates, which model requests count
   * against too (a tool call is one request).
   */
  function rateSubjectsOf(caller: McpCaller, access: { callsPerMinute: number | undefined; tenantCallsPerMinute: number | undefined }): RateSubject[] {
    const requestRates = rateSubjects(caller.principal, ownEntry(config.tenants, caller.principal.tenant)?.rateLimits)
      .filter((subject) => subject.limits.requestsPerMinute !== undefined)
      .map((subject) => ({ ...subject, limits: { requestsPerMinute: subject.limits.requestsPerMinute } }));
    return [
      ...(access.callsPerMinute ? [{ scope: 'key' as const, id: `mcp:${caller.principal.keyId}`, limits: { requestsPerMinute: access.callsPerMinute } }] : []),
      ...(access.tenantCallsPerMinute ? [{ scope: 'tenant' as const, id: `mcp:${caller.principal.tenant}`, limits: { requestsPerMinute: access.tenantCallsPerMinute } }] : []),
      ...requestRates,
    ];
  }
}

/** The JSON-RPC error code of a tool call refused by a rate limit or a budget (the HTTP API answers these with 429). */
export const limitRpcCode = -32029;

/**
 * A tool call refused by a rate limit or a budget, as a JSON-RPC error (not a tool result: the model cannot mend
 * it by calling differently): the message names the limit or budget, `data` carries the catalogue code (`rate_limited`,
 * `budget_exceeded`), the budget's scope, period and unit, and when to try again.
 */
function limitError(error: GatewayError): ProtocolError {
  const message = error.code === 'rate_limited' && error.message === 'Rate limit reached.' ? 'Too many tool calls for this key or tenant; try again in a minute.' : error.message;
  return new ProtocolError(limitRpcCode, message, {
    code: error.code,
    ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
    ...(error.details ?? {}),
  });
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

/**
 * Profiles a result on its way to the caller (its text, embedded resources and structured content, as a model
 * request's tool result is profiled) and remembers a classification marking it carries, so that the caller's next
 * model requests and tool calls are held to that level even when the client paraphrases the result. A result nested
 * too deeply to read is remembered as at least CONFIDENTIAL (what it carries is not known).
 */
function rememberResult(memory: ToolResultMemory, caller: McpCaller, conversation: string | undefined, result: CallToolResult, maxJsonDepth: number): void {
  let texts: string[];
  try {
    texts = argumentTexts({ content: result.content, ...(result.structuredContent === undefined ? {} : { structuredContent: result.structuredContent }) }, maxJsonDepth);
  } catch {
    memory.raise(caller.principal, conversation, 'CONFIDENTIAL', []);
    return;
  }
  const profile = profileText(texts);
  memory.raise(caller.principal, conversation, profile.classification, profile.caveats);
}
