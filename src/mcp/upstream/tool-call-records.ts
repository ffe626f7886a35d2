import { randomUUID } from 'node:crypto';
import type { DataProfile } from '../../core/profile/index.ts';
import type { AuditLog } from '../../security/audit/audit-log.ts';
import type { Ledger } from '../../store/ledger.ts';
import type { Logger } from '../../server/logger.ts';
import type { McpCaller } from '../mcp-caller.ts';
import type { McpUpstreamConfig } from '../mcp-config-schema.ts';

/** The ledger `dialect` of a tool call through the MCP gateway: what tells its rows from model requests'. */
export const toolCallDialect = 'mcp-tool';

/** How one tool call through the gateway ended, as its audit record and ledger row tell it. */
export interface ToolCallRecord {
  caller: McpCaller;
  server: McpUpstreamConfig;
  /** The namespaced tool name (`files__read_file`), or a stand-in for a name the server does not list. */
  tool: string;
  /** `ok` (answered), `refused` (by the gateway: allowlist, pin, policy, limit, budget), `failed` (by the server). */
  outcome: 'ok' | 'refused' | 'failed';
  errorCode?: string;
  profile?: DataProfile;
  /** What was charged (USD): the server's `costUsdPerCall` for a call it answered, else 0. */
  costUsd: number;
  /** When the call was received (ms since the epoch). */
  startedAt: number;
  /** The policies that refused it. */
  refusedBy?: readonly string[];
}

/** The HTTP status a model request refused or failed the same way would have been answered with. */
function statusOf(record: ToolCallRecord): number {
  if (record.outcome === 'ok') return 200;
  if (record.outcome === 'failed') return 502;
  if (record.errorCode === 'rate_limited' || record.errorCode === 'budget_exceeded') return 429;
  if (record.errorCode === 'invalid_json') return 400;
  if (record.errorCode === 'not_found') return 404;
  return 403;
}

/**
 * Writes what became of one tool call where model requests are accounted: a record in the signed audit log
 * (awaited: a refusal is answered once its record is durable, as for a model request) and a ledger row with the
 * same request id (`dialect` {@link toolCallDialect}, `model` the namespaced tool, `provider` its server, no
 * tokens, the cost charged, the latency), so `sovereign usage`, `GET /admin/usage` and the ledger views count tool
 * calls with the key's and tenant's other spend. Neither holds the arguments or the result: only their profile.
 */
export function createToolCallRecorder(options: {
  auditLog: Pick<AuditLog, 'record'>;
  ledger: Pick<Ledger, 'record'>;
  logger: Logger;
  now?: () => number;
}): (record: ToolCallRecord) => Promise<void> {
  const now = options.now ?? Date.now;
  return async function recordToolCall(record) {
    const { caller, server, profile } = record;
    const requestId = randomUUID();
    const status = statusOf(record);
    const ledgered = options.ledger
      .record({
        time: record.startedAt,
        requestId,
        tenant: caller.principal.tenant,
        keyId: caller.principal.keyId,
        model: record.tool,
        provider: server.id,
        jurisdiction: server.jurisdiction,
        dialect: toolCallDialect,
        stream: false,
        status,
        outcome: record.outcome === 'ok' ? 'ok' : 'error',
        ...(record.errorCode ? { errorCode: record.errorCode } : {}),
        inputTokens: 0,
        cachedInputTokens: 0,
        outputTokens: 0,
        costNanoUsd: Math.round(record.costUsd * 1e9),
        latencyMs: Math.max(0, now() - record.startedAt),
        tier: server.tier,
        ...(record.refusedBy && record.refusedBy.length > 0 ? { refusedBy: record.refusedBy } : {}),
        ...(profile ? { classification: profile.classification } : {}),
        ...(profile && profile.personalData.length + profile.secrets.length > 0
          ? { dataKinds: [...profile.personalData.map((found) => found.kind), ...profile.secrets.map((found) => found.kind)] }
          : {}),
      })
      .catch((error: unknown) => options.logger.error({ requestId, err: error }, 'ledger write failed'));
    await options.auditLog.record({
      requestId,
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
      tool: record.tool,
      outcome: record.outcome,
      status,
      ...(record.errorCode ? { errorCode: record.errorCode } : {}),
      tokens: { input: 0, output: 0, cachedInput: 0 },
      costUsd: record.costUsd,
    });
    await ledgered;
  };
}
