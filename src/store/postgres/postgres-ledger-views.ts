import type pg from 'pg';
import { breakdownQuery, checkSeries, pageOf, pageQuery, postgresDialect, refusalsQuery, seriesQuery, totalsOf, type BuiltQuery } from '../ledger-view-sql.ts';
import type { LedgerViews } from '../ledger-views.ts';

/** The dashboard's ledger reads over Postgres (the rollups of migration 8, kept by a statement trigger). */
export function createPostgresLedgerViews(pool: pg.Pool): LedgerViews {
  const all = async (query: BuiltQuery): Promise<Array<Record<string, unknown>>> => (await pool.query<Record<string, unknown>>(query.sql, query.parameters)).rows;
  return {
    async series(query) {
      checkSeries(query);
      return (await all(seriesQuery(query, postgresDialect))).map((row) => ({ bucket: Number(row.point), ...(query.by ? { group: String(row.grp ?? '') } : {}), ...totalsOf(row) }));
    },
    async breakdown(query) {
      return (await all(breakdownQuery(query, postgresDialect))).map((row) => ({ group: String(row.grp ?? ''), ...totalsOf(row) }));
    },
    async refusalsByPolicy(query) {
      return (await all(refusalsQuery(query, postgresDialect))).map((row) => ({ policy: String(row.policy), requests: Number(row.requests) }));
    },
    async page(query) {
      return pageOf(await all(pageQuery(query, postgresDialect)), query.limit);
    },
  };
}
