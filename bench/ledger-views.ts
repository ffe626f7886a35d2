/**
 * `npm run bench -- ledger-views [--rows N] [--runs N]`: the dashboard's ledger views over a SQLite ledger of N rows
 * (default one million, spread over 30 days, 20 tenants, 200 keys, 12 models, 8 providers; 1% refused by a policy).
 * Prints the fill rate, then each view's median and worst time over `runs` calls against the 200 ms target, and the
 * same window's totals by a scan of the ledger (what the rollups replace) as the baseline ratio.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { LedgerEntry } from '../src/store/ledger-repository.ts';
import type { LedgerViews } from '../src/store/ledger-views.ts';
import { createSqliteLedgerViews } from '../src/store/sqlite/sqlite-ledger-views.ts';
import { openSqliteStores } from '../src/store/sqlite/open-sqlite-stores.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '20' } } });
const rows = Number(values.rows);
const runs = Number(values.runs);
if (!Number.isInteger(rows) || rows <= 0 || !Number.isInteger(runs) || runs <= 0) throw new Error('--rows and --runs expect positive integers');

const day = 86_400_000;
const end = Date.UTC(2026, 11, 1);
const start = end - 30 * day;
const providers = ['sim-de', 'sim-fr', 'sim-us', 'sim-ie', 'sim-jp', 'sim-sg', 'local-a', 'local-b'];
const jurisdictions = ['DE', 'FR', 'US', 'IE', 'JP', 'SG', 'DE', 'DE'];
const tiers = ['cloud', 'cloud', 'cloud', 'cloud', 'cloud', 'cloud', 'local', 'edge'];

/** Row `index` of the synthetic ledger: deterministic, times increasing, every dimension varied. */
function entry(index: number): LedgerEntry {
  const provider = index % 8;
  const refused = index % 100 === 0;
  return {
    time: start + Math.floor((index * 30 * day) / rows),
    requestId: `req-${index}`,
    tenant: `tenant-${index % 20}`,
    keyId: `key-${index % 200}`,
    model: `model-${index % 12}`,
    dialect: index % 3 === 0 ? 'anthropic' : 'openai',
    stream: index % 2 === 0,
    status: refused ? 403 : 200,
    outcome: refused ? 'error' : 'ok',
    inputTokens: 200 + (index % 500),
    cachedInputTokens: index % 7 === 0 ? 100 : 0,
    outputTokens: 50 + (index % 300),
    costNanoUsd: refused ? 0 : 1_000 + (index % 10_000),
    latencyMs: 100 + (index % 900),
    ...(refused
      ? { errorCode: 'policy_denied', refusedBy: [index % 300 === 0 ? 'no-us-for-restricted' : 'gdpr-eu-only'], classification: 'RESTRICTED', dataKinds: ['email'] }
      : { provider: providers[provider]!, jurisdiction: jurisdictions[provider]!, tier: tiers[provider]!, cacheStatus: index % 10 === 0 ? 'hit' : 'miss' }),
    ...(index % 10 === 0 ? { saved: { cache: 5_000, promptCache: 0, compression: 0, cascade: 0 } } : {}),
  };
}

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
  const began = performance.now();
  const batch = 10_000;
  for (let first = 0; first < rows; first += batch) {
    await stores.ledger.insertBatch(Array.from({ length: Math.min(batch, rows - first) }, (_, offset) => entry(first + offset)));
  }
  const fillSeconds = (performance.now() - began) / 1000;
  process.stdout.write(`ledger-views: ${rows.toLocaleString('en')} ledger rows filled in ${fillSeconds.toFixed(1)} s (${Math.round(rows / fillSeconds).toLocaleString('en')} rows/s, rollups kept by trigger)\n`);

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
