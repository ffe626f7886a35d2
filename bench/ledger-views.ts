/**
 * `npm run bench -- ledger-views [--rows N] [--runs N]`: the dashboard's ledger views over a SQLite ledger of N rows
 * (default one million, spread over 30 days, 20 tenants, 200 keys, 12 models, 8 providers; 1% refused; see
 * `fillSyntheticLedger`: one statement, then one rollup catch-up, as the gateway's writes go). Prints the fill rate, then each view's (and each
 * dashboard page's, per named window) median and worst time over `runs` calls against the 200 ms target, and the
 * same window's totals by a scan of the ledger (what the rollups replace) as the baseline ratio.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { windows } from '../src/server/ui/ui-window.ts';
import type { LedgerViews } from '../src/store/ledger-views.ts';
import { createSqliteLedgerViews } from '../src/store/sqlite/sqlite-ledger-views.ts';
import { openSqliteStores } from '../src/store/sqlite/open-sqlite-stores.ts';
import { fillSyntheticLedger } from '../src/store/sqlite/synthetic-ledger.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '20' } } });
const rows = Number(values.rows);
const runs = Number(values.runs);
if (!Number.isInteger(rows) || rows <= 0 || !Number.isInteger(runs) || runs <= 0) throw new Error('--rows and --runs expect positive integers');

const day = 86_400_000;
const end = Date.UTC(2026, 11, 1);
const start = end - 30 * day;
async function time(name: string, view: () => Promise<unknown>): Promise<{ name: string; median: number; worst: number }> {
  await view();
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const began = performance.now();
    await view();
    samples.push(performance.now() - began);
  }
  samples.sort((a, b) => a - b);
  return { name, median: samples[Math.floor(samples.length / 2)]!, worst: samples[samples.length - 1]! };
}

const folder = mkdtempSync(join(tmpdir(), 'sovereign-ledger-views-'));
const stores = openSqliteStores(join(folder, 'sovereign.db'));
try {
  const fillSeconds = fillSyntheticLedger(stores.database, { rows, from: start, to: end });
  process.stdout.write(`ledger-views: ${rows.toLocaleString('en')} ledger rows filled in ${fillSeconds.toFixed(1)} s (${Math.round(rows / fillSeconds).toLocaleString('en')} rows/s: one statement, then the rollups caught up)\n`);

  const views: LedgerViews = createSqliteLedgerViews(stores.database);
  const month = { from: start, to: end };
  const lastHour = { from: end - 3_600_000, to: end };
  const lastDay = { from: end - day, to: end };
  let cursor: Awaited<ReturnType<LedgerViews['page']>>['next'];
  const results = [
    await time('traffic, last hour per minute', () => views.series({ ...lastHour, bucketMs: 60_000 })),
    await time('traffic, 24 h per hour by jurisdiction', () => views.series({ ...lastDay, bucketMs: 3_600_000, by: 'jurisdiction' })),
    await time('spend, 30 days per day by tier', () => views.series({ ...month, bucketMs: day, by: 'tier' })),
    await time('spend, odd window (minute ends) by model', () => views.breakdown({ from: start + 7 * day + 123_456, to: end - 5 * 60_000 - 7, by: 'model' })),
    await time('spend, 30 days by key (200 keys)', () => views.breakdown({ ...month, by: 'key' })),
    await time('spend, one tenant 30 days by model', () => views.breakdown({ ...month, tenant: 'tenant-7', by: 'model' })),
    await time('refusals by policy, 30 days', () => views.refusalsByPolicy(month)),
    await time('ledger, first page of 50', () => views.page({ limit: 50 })),
    await time('ledger, next 20 pages of 50', async () => {
      cursor = undefined;
      for (let page = 0; page < 20; page++) cursor = (await views.page({ limit: 50, ...(cursor ? { before: cursor } : {}) })).next;
    }),
    await time('refusal examples, first page of 50', () => views.page({ limit: 50, refusalsOnly: true })),
    await time('one tenant, first page of 50', () => views.page({ limit: 50, tenant: 'tenant-3' })),
  ];
  // What the dashboard's pages ask for each named window ending "now" (a few minutes before the ledger's end, so the
  // window has minute and hour ends): the traffic page (two breakdowns and a series by tier) and the spend page.
  const now = end - 7 * 60_000 - 1_234;
  for (const name of ['24h', '7d', '30d']) {
    const { span, bucketMs } = windows[name]!;
    const window = { from: now - span, to: now };
    results.push(
      await time(`dashboard traffic page, ${name}`, () =>
        Promise.all([views.breakdown({ ...window, by: 'jurisdiction' }), views.breakdown({ ...window, by: 'tier' }), views.series({ ...window, bucketMs, by: 'tier' })]),
      ),
      await time(`dashboard spend page by model, ${name}`, () => Promise.all([views.series({ ...window, bucketMs }), views.breakdown({ ...window, by: 'model' })])),
    );
  }
  const scanStatement = stores.database.prepare('SELECT count(*), sum(cost_nano_usd), sum(input_tokens) FROM ledger WHERE time_ms >= ? AND time_ms < ? GROUP BY model');
  const scan = await time('baseline: the same 30 days by model, scanning the ledger', async () => scanStatement.all(start, end));
  const rollup = results.find((result) => result.name.startsWith('spend, 30 days by key'))!;
  const width = Math.max(...[...results, scan].map((result) => result.name.length));
  process.stdout.write(`${'view'.padEnd(width)}  median ms  worst ms  under 200 ms\n`);
  for (const result of [...results, scan]) {
    process.stdout.write(`${result.name.padEnd(width)}  ${result.median.toFixed(1).padStart(9)}  ${result.worst.toFixed(1).padStart(8)}  ${result === scan ? '' : result.worst < 200 ? 'yes' : 'NO'}\n`);
  }
  process.stdout.write(`the 30-day breakdown from the rollups is ${(scan.median / rollup.median).toFixed(0)}x faster than the scan it replaces (medians, same run)\n`);
  if (results.some((result) => result.worst >= 200)) process.exitCode = 1;
} finally {
  stores.database.close();
  rmSync(folder, { recursive: true, force: true });
}
