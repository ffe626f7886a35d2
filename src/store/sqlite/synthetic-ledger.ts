import type { Database } from 'better-sqlite3';
import { createLedgerRollups } from './sqlite-ledger-rollups.ts';

/** The shape of a synthetic ledger: `rows` requests spread evenly over [from, to). */
export interface SyntheticLedger {
  rows: number;
  from: number;
  to: number;
}

/**
 * Fills the ledger with `rows` deterministic requests in one statement (one transaction), then brings the rollups
 * up to date as the gateway's own writes do: row i is tenant i % 20, key i % 200, model i % 12, provider i % 8 with
 * jurisdiction J(i % 5) and tier cloud (providers 0-5) or local; every 100th row is refused by policy `eu-only`
 * (every 300th by `no-us` too), every 97th other row fails, every 10th is a cache hit that saved 5,000 nano-USD.
 * For tests and `npm run bench -- ledger-views`; returns the seconds it took.
 */
export function fillSyntheticLedger(database: Database, shape: SyntheticLedger): number {
  const { rows, from, to } = shape;
  if (!Number.isSafeInteger(rows) || rows <= 0 || !Number.isSafeInteger(from) || !Number.isSafeInteger(to) || !(to > from)) throw new RangeError('a synthetic ledger needs a positive whole number of rows and a window');
  const began = performance.now();
  database
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < CAST(? AS INTEGER))
      INSERT INTO ledger (time_ms, request_id, tenant, key_id, model, provider, jurisdiction, tier, dialect, stream, status, outcome,
        error_code, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, cost_nano_usd, latency_ms, refused_by,
        cache_status, saved_cache_nano_usd)
      SELECT CAST(? AS INTEGER) + (i * CAST(? AS INTEGER)) / CAST(? AS INTEGER), 'req-' || i, 'tenant-' || (i % 20), 'key-' || (i % 200), 'model-' || (i % 12),
        iif(i % 100 = 0, NULL, 'provider-' || (i % 8)), iif(i % 100 = 0, NULL, 'J' || (i % 5)), iif(i % 100 = 0, NULL, iif(i % 8 < 6, 'cloud', 'local')),
        iif(i % 3 = 0, 'anthropic', 'openai'), i % 2, iif(i % 100 = 0, 403, 200), iif(i % 100 = 0 OR i % 97 = 0, 'error', 'ok'),
        iif(i % 100 = 0, 'policy_denied', NULL), 200 + i % 500, 0, 0, 50 + i % 300, iif(i % 100 = 0, 0, 1000 + i % 10000), 100 + i % 900,
        iif(i % 100 = 0, iif(i % 300 = 0, '["eu-only","no-us"]', '["eu-only"]'), NULL), iif(i % 10 = 0, 'hit', 'miss'), iif(i % 10 = 0, 5000, 0)
      FROM n`,
    )
    .run(rows - 1, from, to - from, rows);
  // Rolled up as the gateway's writes are (migration 10 on; before it, the triggers did it in the insert).
  if (database.prepare("SELECT 1 FROM sqlite_master WHERE name = 'rollup_progress'").get() !== undefined) createLedgerRollups(database).catchUp(Infinity);
  return (performance.now() - began) / 1000;
}
