import type { Database, Statement } from 'better-sqlite3';
import type { LedgerEntry, LedgerRepository, UsageGroup, UsageQuery, UsageRow } from '../ledger-repository.ts';
import { usageGroups } from '../ledger-repository.ts';
import { createLedgerRollups } from './sqlite-ledger-rollups.ts';

const groupColumns: Record<UsageGroup, { expression: string; field: keyof UsageRow }> = {
  tenant: { expression: 'tenant', field: 'tenant' },
  key: { expression: 'key_id', field: 'keyId' },
  model: { expression: 'model', field: 'model' },
  provider: { expression: 'provider', field: 'provider' },
  day: { expression: "strftime('%Y-%m-%d', time_ms / 1000, 'unixepoch')", field: 'day' },
};

interface Totals {
  requests: number;
  errors: number;
  input_tokens: number;
  cached_input_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  cost_nano_usd: number;
}

/** How often the ledger's writes bring the rollups up to date (ms); readers catch up before reading anyway. */
const rollupIntervalMs = 1000;

/**
 * The usage ledger in the `ledger` table (see migration 3). Queries are compiled once per grouping. A batch's
 * transaction also catches the rollups up (one pass of at most `rollupPassRows` rows) when the last catch-up is
 * `rollupIntervalMs` old, so their pages are written about once a second rather than with every commit. A failing
 * catch-up is rolled back alone (a savepoint) and reported: the batch's rows still commit. `now` is a monotonic
 * clock in ms (a wall clock stepping back would stop the catch-ups).
 */
export function createSqliteLedgerRepository(database: Database, now: () => number = () => performance.now(), onError: (error: unknown) => void = reportRollupError): LedgerRepository {
  const rollups = createLedgerRollups(database);
  let rolledUpAt = now();
  // Positional parameters: binding by name looks every name up in an object, measurably slower per row.
  const insert = database.prepare(`
    INSERT INTO ledger (time_ms, request_id, tenant, key_id, model, provider, jurisdiction, dialect, stream, status, outcome,
      error_code, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, cost_nano_usd, latency_ms, ttft_ms,
      decision_id, cache_status, tier, refused_by, classification, data_kinds, saved_cache_nano_usd, saved_prompt_cache_nano_usd,
      saved_compression_nano_usd, saved_cascade_nano_usd)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertAll = database.transaction((entries: readonly LedgerEntry[]) => {
    for (const entry of entries) {
      insert.run(
        entry.time,
        entry.requestId,
        entry.tenant,
        entry.keyId,
        entry.model,
        entry.provider ?? null,
        entry.jurisdiction ?? null,
        entry.dialect,
        entry.stream ? 1 : 0,
        entry.status,
        entry.outcome,
        entry.errorCode ?? null,
        entry.inputTokens,
        entry.cachedInputTokens,
        entry.cacheWriteTokens ?? 0,
        entry.outputTokens,
        entry.costNanoUsd,
        Math.round(entry.latencyMs),
        entry.ttftMs === undefined ? null : Math.round(entry.ttftMs),
        entry.decisionId ?? null,
        entry.cacheStatus ?? null,
        entry.tier ?? null,
        entry.refusedBy && entry.refusedBy.length > 0 ? JSON.stringify(entry.refusedBy) : null,
        entry.classification ?? null,
        entry.dataKinds && entry.dataKinds.length > 0 ? JSON.stringify(entry.dataKinds) : null,
        Math.round(entry.saved?.cache ?? 0),
        Math.round(entry.saved?.promptCache ?? 0),
        Math.round(entry.saved?.compression ?? 0),
        Math.round(entry.saved?.cascade ?? 0),
      );
    }
    const time = now();
    if (time - rolledUpAt >= rollupIntervalMs) {
      rolledUpAt = time;
      try {
        rollups.catchUp();
      } catch (error) {
        onError(error);
      }
    }
  });

  const statements = new Map<string, Statement<Record<string, unknown>, Totals & Record<string, unknown>>>();
  function usageStatement(groups: readonly UsageGroup[]) {
    const cacheKey = groups.join(',');
    let statement = statements.get(cacheKey);
    if (!statement) {
      const selected = groups.map((group, index) => `${groupColumns[group].expression} AS g${index}`);
      const sql = `
        SELECT ${[...selected, `count(*) AS requests`].join(', ')},
          sum(outcome <> 'ok') AS errors,
          total(input_tokens) AS input_tokens, total(cached_input_tokens) AS cached_input_tokens,
          total(cache_write_tokens) AS cache_write_tokens, total(output_tokens) AS output_tokens,
          total(cost_nano_usd) AS cost_nano_usd
        FROM ledger
        WHERE (@tenant IS NULL OR tenant = @tenant) AND (@key_id IS NULL OR key_id = @key_id)
          AND (@model IS NULL OR model = @model) AND (@provider IS NULL OR provider = @provider)
          AND (@from IS NULL OR time_ms >= @from) AND (@to IS NULL OR time_ms < @to)
        ${groups.length > 0 ? `GROUP BY ${groups.map((_, index) => `g${index}`).join(', ')} ORDER BY ${groups.map((_, index) => `g${index}`).join(', ')}` : ''}`;
      statement = database.prepare(sql);
      statements.set(cacheKey, statement);
    }
    return statement;
  }

  return {
    async insertBatch(entries) {
      if (entries.length > 0) insertAll(entries);
    },
    async usage(query: UsageQuery) {
      const groups = usageGroups.filter((group) => query.groupBy.includes(group));
      const rows = usageStatement(groups).all({
        tenant: query.tenant ?? null,
        key_id: query.keyId ?? null,
        model: query.model ?? null,
        provider: query.provider ?? null,
        from: query.from ?? null,
        to: query.to ?? null,
      });
      const result: UsageRow[] = [];
      for (const row of rows) {
        // Without grouping, an empty ledger still yields one row of zeros: report no rows instead.
        if (row.requests === 0) continue;
        const usage: UsageRow = {
          requests: row.requests,
          errors: row.errors ?? 0,
          inputTokens: row.input_tokens,
          cachedInputTokens: row.cached_input_tokens,
          cacheWriteTokens: row.cache_write_tokens,
          outputTokens: row.output_tokens,
          costNanoUsd: row.cost_nano_usd,
          costUsd: row.cost_nano_usd / 1e9,
        };
        groups.forEach((group, index) => {
          (usage as unknown as Record<string, unknown>)[groupColumns[group].field] = row[`g${index}`];
        });
        result.push(usage);
      }
      return result;
    },
  };
}

/** A failed rollup catch-up, reported once per minute at most (the dashboard's charts lag until one succeeds). */
let lastReportedAt = -Infinity;
function reportRollupError(error: unknown): void {
  if (performance.now() - lastReportedAt < 60_000) return;
  lastReportedAt = performance.now();
  process.emitWarning(`the ledger's rollups could not be caught up (the dashboard's charts lag behind the ledger): ${error instanceof Error ? error.message : String(error)}`);
}
