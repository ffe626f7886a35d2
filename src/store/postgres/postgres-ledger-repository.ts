import type pg from 'pg';
import type { LedgerEntry, LedgerRepository, UsageGroup, UsageQuery, UsageRow } from '../ledger-repository.ts';
import { usageGroups } from '../ledger-repository.ts';

const groupColumns: Record<UsageGroup, { expression: string; field: keyof UsageRow }> = {
  tenant: { expression: 'tenant', field: 'tenant' },
  key: { expression: 'key_id', field: 'keyId' },
  model: { expression: 'model', field: 'model' },
  provider: { expression: 'provider', field: 'provider' },
  day: { expression: `to_char(to_timestamp(time_ms / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`, field: 'day' },
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

/** Column name and Postgres array type of each ledger field, in insert order. */
const insertColumns: Array<[string, string, (entry: LedgerEntry) => unknown]> = [
  ['time_ms', 'bigint', (entry) => entry.time],
  ['request_id', 'text', (entry) => entry.requestId],
  ['tenant', 'text', (entry) => entry.tenant],
  ['key_id', 'text', (entry) => entry.keyId],
  ['model', 'text', (entry) => entry.model],
  ['provider', 'text', (entry) => entry.provider ?? null],
  ['jurisdiction', 'text', (entry) => entry.jurisdiction ?? null],
  ['dialect', 'text', (entry) => entry.dialect],
  ['stream', 'boolean', (entry) => entry.stream],
  ['status', 'integer', (entry) => entry.status],
  ['outcome', 'text', (entry) => entry.outcome],
  ['error_code', 'text', (entry) => entry.errorCode ?? null],
  ['input_tokens', 'bigint', (entry) => entry.inputTokens],
  ['cached_input_tokens', 'bigint', (entry) => entry.cachedInputTokens],
  ['cache_write_tokens', 'bigint', (entry) => entry.cacheWriteTokens ?? 0],
  ['output_tokens', 'bigint', (entry) => entry.outputTokens],
  ['cost_nano_usd', 'bigint', (entry) => Math.round(entry.costNanoUsd)],
  ['latency_ms', 'integer', (entry) => Math.round(entry.latencyMs)],
  ['ttft_ms', 'integer', (entry) => (entry.ttftMs === undefined ? null : Math.round(entry.ttftMs))],
  ['decision_id', 'text', (entry) => entry.decisionId ?? null],
  ['cache_status', 'text', (entry) => entry.cacheStatus ?? null],
  ['tier', 'text', (entry) => entry.tier ?? null],
  ['refused_by', 'text', (entry) => (entry.refusedBy && entry.refusedBy.length > 0 ? JSON.stringify(entry.refusedBy) : null)],
  ['classification', 'text', (entry) => entry.classification ?? null],
  ['data_kinds', 'text', (entry) => (entry.dataKinds && entry.dataKinds.length > 0 ? JSON.stringify(entry.dataKinds) : null)],
  ['saved_cache_nano_usd', 'bigint', (entry) => Math.round(entry.saved?.cache ?? 0)],
  ['saved_prompt_cache_nano_usd', 'bigint', (entry) => Math.round(entry.saved?.promptCache ?? 0)],
  ['saved_compression_nano_usd', 'bigint', (entry) => Math.round(entry.saved?.compression ?? 0)],
  ['saved_cascade_nano_usd', 'bigint', (entry) => Math.round(entry.saved?.cascade ?? 0)],
];

const insertSql = `
  INSERT INTO ledger (${insertColumns.map(([name]) => name).join(', ')}, origin)
  SELECT * FROM unnest(${insertColumns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ')}, $${insertColumns.length + 1}::text[])
  ON CONFLICT (origin) DO NOTHING`;

/** A ledger entry with where it was first written (a spool's origin), so writing it twice stores it once. */
export interface OriginLedgerEntry {
  origin: string;
  entry: LedgerEntry;
}

/** The Postgres ledger also takes entries with their origin (see `createSpooledLedgerRepository`). */
export interface PostgresLedgerRepository extends LedgerRepository {
  insertWithOrigins(rows: readonly OriginLedgerEntry[]): Promise<void>;
}

/**
 * The usage ledger in Postgres (`ledger`, migration 3). A batch is one statement (one round trip, all or
 * nothing): one array per column, unnested into rows. Groups sort as SQLite sorts them (byte order, no provider
 * first), whatever the database's collation.
 */
export function createPostgresLedgerRepository(pool: pg.Pool): PostgresLedgerRepository {
  const queries = new Map<string, string>();
  function usageSql(groups: readonly UsageGroup[]): string {
    const cacheKey = groups.join(',');
    let sql = queries.get(cacheKey);
    if (!sql) {
      const selected = groups.map((group, index) => `${groupColumns[group].expression} AS g${index}`);
      const order = groups.map((group) => `(${groupColumns[group].expression}) COLLATE "C" NULLS FIRST`);
      sql = `
        SELECT ${[...selected, 'count(*) AS requests'].join(', ')},
          count(*) FILTER (WHERE outcome <> 'ok') AS errors,
          coalesce(sum(input_tokens), 0) AS input_tokens, coalesce(sum(cached_input_tokens), 0) AS cached_input_tokens,
          coalesce(sum(cache_write_tokens), 0) AS cache_write_tokens, coalesce(sum(output_tokens), 0) AS output_tokens,
          coalesce(sum(cost_nano_usd), 0) AS cost_nano_usd
        FROM ledger
        WHERE ($1::text IS NULL OR tenant = $1) AND ($2::text IS NULL OR key_id = $2)
          AND ($3::text IS NULL OR model = $3) AND ($4::text IS NULL OR provider = $4)
          AND ($5::bigint IS NULL OR time_ms >= $5) AND ($6::bigint IS NULL OR time_ms < $6)
        ${groups.length > 0 ? `GROUP BY ${groups.map((_, index) => `g${index}`).join(', ')} ORDER BY ${order.join(', ')}` : ''}`;
      queries.set(cacheKey, sql);
    }
    return sql;
  }

  return {
    async insertBatch(entries) {
      if (entries.length === 0) return;
      await pool.query(insertSql, [...insertColumns.map(([, , read]) => entries.map(read)), entries.map(() => null)]);
    },
    async insertWithOrigins(rows) {
      if (rows.length === 0) return;
      await pool.query(insertSql, [...insertColumns.map(([, , read]) => rows.map((row) => read(row.entry))), rows.map((row) => row.origin)]);
    },
    async usage(query: UsageQuery) {
      const groups = usageGroups.filter((group) => query.groupBy.includes(group));
      const result = await pool.query<Totals & Record<string, unknown>>(usageSql(groups), [
        query.tenant ?? null,
        query.keyId ?? null,
        query.model ?? null,
        query.provider ?? null,
        query.from ?? null,
        query.to ?? null,
      ]);
      const rows: UsageRow[] = [];
      for (const row of result.rows) {
        // Without grouping, an empty ledger still yields one row of zeros: report no rows instead.
        if (row.requests === 0) continue;
        const usage: UsageRow = {
          requests: row.requests,
          errors: row.errors,
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
        rows.push(usage);
      }
      return rows;
    },
  };
}
