import type { LedgerCursor, LedgerDimension, LedgerPageQuery, LedgerRecord, LedgerWindow, RollupTotals } from './ledger-views.ts';

const minuteMs = 60_000;
const hourMs = 3_600_000;
/** Most points one series query may produce (per group). */
export const maxSeriesPoints = 5_000;

const dimensionColumns: Record<LedgerDimension, string> = {
  tenant: 'tenant',
  key: 'key_id',
  model: 'model',
  provider: 'provider',
  jurisdiction: 'jurisdiction',
  tier: 'tier',
};

const totalColumns = [
  'requests',
  'errors',
  'refusals',
  'cache_hits',
  'input_tokens',
  'cached_input_tokens',
  'output_tokens',
  'cost_nano_usd',
  'saved_cache_nano_usd',
  'saved_prompt_cache_nano_usd',
  'saved_compression_nano_usd',
  'saved_cascade_nano_usd',
  'latency_ms',
] as const;

/** The SQL dialect differences that matter here: how a parameter is written, and whether sums need a cast. */
export interface SqlDialect {
  parameter(index: number): string;
  /** Postgres sums bigints into numerics: cast back so the driver reads numbers. */
  sumCast: string;
  /** Text sorts by bytes, as SQLite sorts it, whatever the database's collation. */
  byteOrder: string;
}

export const sqliteDialect: SqlDialect = { parameter: () => '?', sumCast: '', byteOrder: '' };
export const postgresDialect: SqlDialect = { parameter: (index) => `$${index}`, sumCast: '::bigint', byteOrder: ' COLLATE "C"' };

/** A statement and its parameters. */
export interface BuiltQuery {
  sql: string;
  parameters: Array<string | number | null>;
}

const floorTo = (time: number, unit: number) => time - (((time % unit) + unit) % unit);
const ceilTo = (time: number, unit: number) => floorTo(time + unit - 1, unit);

function sums(dialect: SqlDialect): string {
  return totalColumns.map((column) => `sum(${column})${dialect.sumCast} AS ${column}`).join(', ');
}

/**
 * The rollup rows that cover a window exactly, to the minute: whole hours from the hourly rollup, the minutes at
 * either end from the per-minute one (or minutes only when `hours` is false, or the window holds no whole hour).
 */
function windowCondition(window: LedgerWindow, hours: boolean, dialect: SqlDialect, parameters: BuiltQuery['parameters']): string {
  const from = floorTo(window.from, minuteMs);
  const to = ceilTo(window.to, minuteMs);
  const add = (value: number) => {
    parameters.push(value);
    return dialect.parameter(parameters.length);
  };
  const firstHour = ceilTo(from, hourMs);
  const lastHour = floorTo(to, hourMs);
  let condition: string;
  if (!hours || firstHour >= lastHour) {
    condition = `(resolution = ${minuteMs} AND bucket >= ${add(from)} AND bucket < ${add(to)})`;
  } else {
    condition =
      `((resolution = ${minuteMs} AND bucket >= ${add(from)} AND bucket < ${add(firstHour)})` +
      ` OR (resolution = ${hourMs} AND bucket >= ${add(firstHour)} AND bucket < ${add(lastHour)})` +
      ` OR (resolution = ${minuteMs} AND bucket >= ${add(lastHour)} AND bucket < ${add(to)}))`;
  }
  if (window.tenant !== undefined) {
    parameters.push(window.tenant);
    condition += ` AND tenant = ${dialect.parameter(parameters.length)}`;
  }
  return condition;
}

/** Totals per bucket (and dimension value) over the window, from the rollup. */
export function seriesQuery(query: LedgerWindow & { bucketMs: number; by?: LedgerDimension }, dialect: SqlDialect): BuiltQuery {
  const parameters: BuiltQuery['parameters'] = [];
  const bucketMs = query.bucketMs;
  // Whole hours only serve when every point is whole hours (a 15-minute point cannot take a part of an hour).
  const where = windowCondition({ ...query, from: floorTo(query.from, bucketMs) }, bucketMs % hourMs === 0, dialect, parameters);
  const group = query.by ? `, ${dimensionColumns[query.by]} AS grp` : '';
  const sql = `SELECT bucket - bucket % ${bucketMs} AS point${group}, ${sums(dialect)} FROM usage_rollup WHERE ${where}
    GROUP BY point${query.by ? ', grp' : ''} ORDER BY point${query.by ? `, ${dimensionColumns[query.by]}${dialect.byteOrder}` : ''}`;
  return { sql, parameters };
}

/** Totals per dimension value over the window, from the rollup, largest cost (then most requests) first. */
export function breakdownQuery(query: LedgerWindow & { by: LedgerDimension }, dialect: SqlDialect): BuiltQuery {
  const parameters: BuiltQuery['parameters'] = [];
  const where = windowCondition(query, true, dialect, parameters);
  const sql = `SELECT ${dimensionColumns[query.by]} AS grp, ${sums(dialect)} FROM usage_rollup WHERE ${where}
    GROUP BY grp ORDER BY cost_nano_usd DESC, requests DESC, ${dimensionColumns[query.by]}${dialect.byteOrder}`;
  return { sql, parameters };
}

/** Refusals per policy over the window, from the refusal rollup. */
export function refusalsQuery(query: LedgerWindow, dialect: SqlDialect): BuiltQuery {
  const parameters: BuiltQuery['parameters'] = [];
  const where = windowCondition(query, true, dialect, parameters);
  const sql = `SELECT policy, sum(requests)${dialect.sumCast} AS requests FROM refusal_rollup WHERE ${where}
    GROUP BY policy ORDER BY requests DESC, policy${dialect.byteOrder}`;
  return { sql, parameters };
}

const recordColumns = `id, time_ms, request_id, tenant, key_id, model, provider, jurisdiction, tier, status, outcome, error_code,
  cost_nano_usd, latency_ms, decision_id, cache_status, refused_by, classification, data_kinds`;

/**
 * One page of ledger records, newest first, by keyset (time, then id): each condition matches an index
 * (`ledger_time`, `ledger_tenant_time`, or the partial `ledger_refusals`), so a page costs the same at any depth.
 * Fetches one row more than the limit, to tell whether there is a next page.
 */
export function pageQuery(query: LedgerPageQuery, dialect: SqlDialect): BuiltQuery {
  const parameters: BuiltQuery['parameters'] = [];
  const add = (value: string | number) => {
    parameters.push(value);
    return dialect.parameter(parameters.length);
  };
  const conditions: string[] = [];
  if (query.tenant !== undefined) conditions.push(`tenant = ${add(query.tenant)}`);
  if (query.refusalsOnly) conditions.push('refused_by IS NOT NULL');
  if (query.before) {
    conditions.push(`time_ms <= ${add(query.before.time)}`);
    conditions.push(`(time_ms < ${add(query.before.time)} OR id < ${add(query.before.id)})`);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  return { sql: `SELECT ${recordColumns} FROM ledger ${where} ORDER BY time_ms DESC, id DESC LIMIT ${add(query.limit + 1)}`, parameters };
}

/** Reads the totals of a rollup row (absent sums are zero). */
export function totalsOf(row: Record<string, unknown>): RollupTotals {
  const read = (column: string) => Number(row[column] ?? 0);
  return {
    requests: read('requests'),
    errors: read('errors'),
    refusals: read('refusals'),
    cacheHits: read('cache_hits'),
    inputTokens: read('input_tokens'),
    cachedInputTokens: read('cached_input_tokens'),
    outputTokens: read('output_tokens'),
    costNanoUsd: read('cost_nano_usd'),
    saved: {
      cache: read('saved_cache_nano_usd'),
      promptCache: read('saved_prompt_cache_nano_usd'),
      compression: read('saved_compression_nano_usd'),
      cascade: read('saved_cascade_nano_usd'),
    },
    latencyMs: read('latency_ms'),
  };
}

function jsonList(value: unknown): string[] {
  if (typeof value !== 'string' || value === '') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

/** Reads one page: the records, and the cursor of the next page when the extra row came back. */
export function pageOf(rows: Array<Record<string, unknown>>, limit: number): { records: LedgerRecord[]; next?: LedgerCursor } {
  const records = rows.slice(0, limit).map(
    (row): LedgerRecord => ({
      id: Number(row.id),
      time: Number(row.time_ms),
      requestId: String(row.request_id),
      tenant: String(row.tenant),
      keyId: String(row.key_id),
      model: String(row.model),
      provider: text(row.provider),
      jurisdiction: text(row.jurisdiction),
      tier: text(row.tier),
      status: Number(row.status),
      outcome: String(row.outcome),
      errorCode: text(row.error_code),
      costNanoUsd: Number(row.cost_nano_usd),
      latencyMs: Number(row.latency_ms),
      decisionId: text(row.decision_id),
      cacheStatus: text(row.cache_status),
      refusedBy: jsonList(row.refused_by),
      classification: text(row.classification),
      dataKinds: jsonList(row.data_kinds),
    }),
  );
  const last = records.at(-1);
  return rows.length > limit && last ? { records, next: { time: last.time, id: last.id } } : { records };
}

/** Refuses a series query whose points would be too many or not whole minutes. */
export function checkSeries(query: { from: number; to: number; bucketMs: number }): void {
  if (!Number.isInteger(query.bucketMs) || query.bucketMs < minuteMs || query.bucketMs % minuteMs !== 0) {
    throw new RangeError('bucketMs must be a whole number of minutes');
  }
  if (!(query.to > query.from)) throw new RangeError('the window must end after it starts');
  if ((query.to - query.from) / query.bucketMs > maxSeriesPoints) throw new RangeError(`at most ${maxSeriesPoints} points per series`);
}
