import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { describeLedgerViewsContract } from '../ledger-views-contract.ts';
import { migrate } from './migrate.ts';
import { sovereignMigrations } from './sovereign-migrations.ts';
import { createSqliteLedgerRepository } from './sqlite-ledger-repository.ts';
import { createSqliteLedgerViews } from './sqlite-ledger-views.ts';
import { fillSyntheticLedger } from './synthetic-ledger.ts';
import { openTemporaryDatabase } from './temporary-database.ts';

describeLedgerViewsContract('sqlite', async () => {
  const temporary = openTemporaryDatabase();
  return { ledger: createSqliteLedgerRepository(temporary.database), repository: createSqliteLedgerViews(temporary.database), close: temporary.close };
});

describe('the daily (7) and narrow (8) rollup migrations', () => {
  it('sum the days of a ledger written before them from their hours, and the triggers keep them after', () => {
    const database = new Database(':memory:');
    try {
      migrate(database, sovereignMigrations.filter((migration) => migration.version < 7));
      const day = 86_400_000;
      const start = Date.UTC(2026, 5, 1);
      fillSyntheticLedger(database, { rows: 5_000, from: start, to: start + 3 * day });
      migrate(database, sovereignMigrations);
      fillSyntheticLedger(database, { rows: 1_000, from: start + day / 2, to: start + 2 * day });
      const byDay = (resolution: number) =>
        database
          .prepare<unknown[], { day: number; requests: number; cost: number }>(
            `SELECT bucket - bucket % ${day} AS day, sum(requests) AS requests, sum(cost_nano_usd) AS cost FROM usage_rollup WHERE resolution = ? GROUP BY day ORDER BY day`,
          )
          .all(resolution);
      const ledger = database
        .prepare<unknown[], { day: number; requests: number; cost: number }>(`SELECT time_ms - time_ms % ${day} AS day, count(*) AS requests, sum(cost_nano_usd) AS cost FROM ledger GROUP BY day ORDER BY day`)
        .all();
      expect(ledger).toHaveLength(3);
      expect(byDay(day)).toEqual(ledger);
      expect(byDay(3_600_000)).toEqual(ledger);
      const trafficByDay = database
        .prepare<unknown[], { day: number; requests: number; cost: number }>(
          `SELECT bucket - bucket % ${day} AS day, sum(requests) AS requests, sum(cost_nano_usd) AS cost FROM traffic_rollup WHERE resolution = ? GROUP BY day ORDER BY day`,
        )
        .all(day);
      expect(trafficByDay).toEqual(ledger);
      const refusals = database.prepare<unknown[], { requests: number }>('SELECT sum(requests) AS requests FROM refusal_rollup WHERE resolution = ?');
      expect(refusals.get(day)).toEqual(refusals.get(3_600_000));
      expect(refusals.get(day)!.requests).toBeGreaterThan(0);
    } finally {
      database.close();
    }
  });
});
