import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakdownQuery, coveringRanges, refusalsQuery, seriesQuery, sqliteDialect } from '../ledger-view-sql.ts';
import type { LedgerDimension, LedgerWindow } from '../ledger-views.ts';
import { createSqliteLedgerViews } from './sqlite-ledger-views.ts';
import { fillSyntheticLedger } from './synthetic-ledger.ts';
import { openTemporaryDatabase, type TemporaryDatabase } from './temporary-database.ts';

const rows = 1_000_000;
const day = 86_400_000;
const end = Date.UTC(2026, 11, 1);
const start = end - 30 * day;
const dimensionColumns: Record<LedgerDimension, string> = { tenant: 'tenant', key: 'key_id', model: 'model', provider: 'provider', jurisdiction: 'jurisdiction', tier: 'tier' };

/**
 * The dashboard's ledger views over one million ledger rows (30 days, 20 tenants, 200 keys, 12 models, 8 providers,
 * 1% refused; `fillSyntheticLedger`), written in one statement through the rollup triggers as the gateway's writes go. Timings are
 * printed by `npm run bench -- ledger-views`; this test checks what makes them fast and right: every view agrees with
 * an aggregate of the raw ledger, reads the rollups by their primary key, never the ledger, and a 30-day window reads
 * a few thousand rollup rows, not a million.
 */
describe('ledger views over a million ledger rows (SQLite)', () => {
  let temporary: TemporaryDatabase;
  beforeAll(() => {
    temporary = openTemporaryDatabase();
    fillSyntheticLedger(temporary.database, { rows, from: start, to: end });
  }, 600_000);
  afterAll(() => temporary?.close());

  /** The same totals by a scan of the raw ledger, over the window rounded out to whole minutes as the views count it. */
  function rawBreakdown(window: LedgerWindow, by: LedgerDimension) {
    const from = Math.floor(window.from / 60_000) * 60_000;
    const to = Math.ceil(window.to / 60_000) * 60_000;
    return temporary.database
      .prepare<unknown[], { grp: string; requests: number; errors: number; cost: number; saved: number; cache_hits: number }>(
        `SELECT coalesce(${dimensionColumns[by]}, '') AS grp, count(*) AS requests, sum(outcome <> 'ok') AS errors, sum(cost_nano_usd) AS cost,
          sum(saved_cache_nano_usd) AS saved, sum(cache_status = 'hit') AS cache_hits
        FROM ledger WHERE time_ms >= ? AND time_ms < ? ${window.tenant === undefined ? '' : 'AND tenant = ?'} GROUP BY grp ORDER BY grp`,
      )
      .all(from, to, ...(window.tenant === undefined ? [] : [window.tenant]));
  }

  const windows: Array<{ name: string; window: LedgerWindow; by: LedgerDimension }> = [
    { name: '30 days by key', window: { from: start, to: end }, by: 'key' },
    { name: 'an odd window (minute and hour ends) by model', window: { from: start + 7 * day + 123_456, to: end - 5 * 60_000 - 7 }, by: 'model' },
    { name: 'one tenant, 30 days by model', window: { from: start, to: end, tenant: 'tenant-7' }, by: 'model' },
    { name: 'the last 90 minutes by provider', window: { from: end - 90 * 60_000, to: end }, by: 'provider' },
  ];

  it.each(windows)('breaks down $name with the totals of a scan of the ledger', async ({ window, by }) => {
    const views = createSqliteLedgerViews(temporary.database);
    const breakdown = await views.breakdown({ ...window, by });
    const raw = rawBreakdown(window, by);
    expect(raw.length).toBeGreaterThan(1);
    const sorted = [...breakdown].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
    expect(sorted.map((row) => ({ grp: row.group, requests: row.requests, errors: row.errors, cost: row.costNanoUsd, saved: row.saved.cache, cache_hits: row.cacheHits }))).toEqual(raw);
  });

  it('gives a 30-day daily series and the refusals per policy equal to the ledger', async () => {
    const views = createSqliteLedgerViews(temporary.database);
    const series = await views.series({ from: start, to: end, bucketMs: day, by: 'tier' });
    const raw = temporary.database
      .prepare<unknown[], { point: number; grp: string; requests: number }>(
        `SELECT time_ms - time_ms % ${day} AS point, coalesce(tier, '') AS grp, count(*) AS requests FROM ledger GROUP BY point, grp ORDER BY point, grp`,
      )
      .all();
    expect(series.map((point) => ({ point: point.bucket, grp: point.group, requests: point.requests }))).toEqual(raw);
    const refusals = await views.refusalsByPolicy({ from: start, to: end });
    expect(refusals).toEqual([
      { policy: 'eu-only', requests: rows / 100 },
      { policy: 'no-us', requests: Math.ceil(rows / 300) },
    ]);
  });

  it('reads the rollups by primary key, never the ledger, and few rollup rows for 30 days', () => {
    const month = { from: start, to: end };
    const queries = [
      breakdownQuery({ ...month, by: 'key' }, sqliteDialect),
      breakdownQuery({ from: start + 7 * day + 123_456, to: end - 5 * 60_000 - 7, by: 'model' }, sqliteDialect),
      seriesQuery({ ...month, bucketMs: day, by: 'tier' }, sqliteDialect),
      seriesQuery({ from: end - day, to: end, bucketMs: 3_600_000, by: 'jurisdiction' }, sqliteDialect),
      refusalsQuery(month, sqliteDialect),
    ];
    for (const query of queries) {
      const plan = temporary.database
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${query.sql}`)
        .all(...query.parameters)
        .map((step) => step.detail)
        .join('\n');
      expect(plan).toMatch(/SEARCH (usage|traffic|refusal)_rollup USING PRIMARY KEY \(resolution=\? AND bucket>\? AND bucket<\?\)/);
      expect(plan).not.toMatch(/\bledger\b/);
      expect(plan).not.toMatch(/SCAN (usage|traffic|refusal)_rollup/);
    }
    // Charts by tier, jurisdiction, provider or tenant read the narrow rollup; by key or model the wide one.
    expect(seriesQuery({ ...month, bucketMs: day, by: 'tier' }, sqliteDialect).sql).toMatch(/FROM traffic_rollup/);
    expect(breakdownQuery({ ...month, by: 'key' }, sqliteDialect).sql).toMatch(/FROM usage_rollup/);
    const traffic = temporary.database.prepare<unknown[], { rows: number }>('SELECT count(*) AS rows FROM traffic_rollup WHERE resolution = ? AND bucket >= ? AND bucket < ?');
    // 30 days of 40 combinations (tenant i % 20, provider i % 8, jurisdiction i % 5) and one of refusals (no provider).
    expect(traffic.get(day, start, end)!.rows).toBe(30 * (40 + 1));
    // What a 30-day window reads: 30 daily buckets of at most 600 combinations (key, model, provider), not a million rows.
    const count = temporary.database.prepare<unknown[], { rows: number }>('SELECT count(*) AS rows FROM usage_rollup WHERE resolution = ? AND bucket >= ? AND bucket < ?');
    const read = (from: number, to: number) => coveringRanges(from, to, day).reduce((sum, range) => sum + count.get(range.resolution, range.from, range.to)!.rows, 0);
    expect(coveringRanges(start, end, day)).toEqual([{ resolution: day, from: start, to: end }]);
    expect(read(start, end)).toBeLessThanOrEqual(30 * 600);
    const odd = coveringRanges(start + 7 * day + 180_000, end - 5 * 60_000, day);
    expect(odd.map((range) => range.resolution)).toEqual([60_000, 3_600_000, day, 3_600_000, 60_000]);
    expect(read(odd[0]!.from, odd.at(-1)!.to)).toBeLessThan(rows / 20);
  });
});
