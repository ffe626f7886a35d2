import type { Database, Statement } from 'better-sqlite3';
import { breakdownQuery, checkSeries, pageOf, pageQuery, refusalsQuery, seriesQuery, sqliteDialect, totalsOf, type BuiltQuery } from '../ledger-view-sql.ts';
import type { LedgerViews } from '../ledger-views.ts';
import { createLedgerRollups } from './sqlite-ledger-rollups.ts';

/**
 * The dashboard's ledger reads over SQLite (the rollups of migrations 6 to 8, caught up first: see
 * `createLedgerRollups`); statements are prepared once per shape.
 */
export function createSqliteLedgerViews(database: Database): LedgerViews {
  const statements = new Map<string, Statement<unknown[], Record<string, unknown>>>();
  const rollups = createLedgerRollups(database);
  const catchUp = (): void => {
    try {
      // Passes of bounded size, each its own short write transaction; the writers do this about once a second, so
      // a read normally finds little or nothing behind.
      while (!rollups.catchUp());
    } catch {
      // Busy (another process holds the write lock past the busy timeout) or failing: the charts read the rollups
      // as they are, behind by what the next catch-up adds, rather than failing the page.
    }
  };
  const all = (query: BuiltQuery): Array<Record<string, unknown>> => {
    catchUp();
    let statement = statements.get(query.sql);
    if (!statement) {
      statement = database.prepare<unknown[], Record<string, unknown>>(query.sql);
      statements.set(query.sql, statement);
    }
    return statement.all(...query.parameters);
  };
  return {
    async series(query) {
      checkSeries(query);
      return all(seriesQuery(query, sqliteDialect)).map((row) => ({ bucket: Number(row.point), ...(query.by ? { group: String(row.grp ?? '') } : {}), ...totalsOf(row) }));
    },
    async breakdown(query) {
      return all(breakdownQuery(query, sqliteDialect)).map((row) => ({ group: String(row.grp ?? ''), ...totalsOf(row) }));
    },
    async refusalsByPolicy(query) {
      return all(refusalsQuery(query, sqliteDialect)).map((row) => ({ policy: String(row.policy), requests: Number(row.requests) }));
    },
    async page(query) {
      return pageOf(all(pageQuery(query, sqliteDialect)), query.limit);
    },
  };
}
