import type { Database, Statement } from 'better-sqlite3';
import { rollupSums } from './sovereign-migrations.ts';

/** The resolutions of the rollup tables (ms): minute, hour, UTC day. */
const resolutions = [60_000, 3_600_000, 86_400_000] as const;

/** Brings the ledger's rollup tables up to date. */
export interface LedgerRollups {
  /**
   * Adds the ledger rows written since the last catch-up (by any process), at most `maxRows` of them, to
   * `usage_rollup`, `traffic_rollup` and `refusal_rollup`, and moves `rollup_progress` past them, in one transaction
   * (a savepoint of the caller's when one is open). Each row is counted exactly once: the sums and the progress mark
   * commit together. Takes no lock when nothing is behind. Returns true when no row is left behind.
   */
  catchUp(maxRows?: number): boolean;
}

/** The most rows one pass adds: a pass holds the write lock (and, inside a ledger batch, that batch) while it runs. */
export const rollupPassRows = 10_000;

/**
 * The rollups of the `ledger` table (migrations 6 to 8), kept in batches since migration 10: one grouped
 * `INSERT ... SELECT ... ON CONFLICT DO UPDATE` per table and resolution over the ledger rows after the progress
 * mark, instead of nine upserts by trigger for every row. Ledger ids only grow (rows are never deleted), so the
 * rows after the mark are exactly the ones not yet counted. Same sums as the triggers had, so readers see the same
 * figures once caught up; `createSqliteLedgerViews` catches up before each read.
 */
export function createLedgerRollups(database: Database): LedgerRollups {
  const progress = database.prepare<[], { ledger_id: number }>('SELECT ledger_id FROM rollup_progress WHERE id = 1');
  const newest = database.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM ledger');
  const advance = database.prepare<[number]>('UPDATE rollup_progress SET ledger_id = ? WHERE id = 1');
  // The figures in the rollup tables' column order (`rollupFigures`), summed as the triggers added them.
  const figures = `count(*), sum(outcome <> 'ok'), sum(refused_by IS NOT NULL), sum(coalesce(cache_status = 'hit', 0)), sum(input_tokens),
    sum(cached_input_tokens), sum(output_tokens), sum(cost_nano_usd), sum(saved_cache_nano_usd), sum(saved_prompt_cache_nano_usd),
    sum(saved_compression_nano_usd), sum(saved_cascade_nano_usd), sum(latency_ms)`;
  const passes: Array<Statement<[number, number]>> = resolutions.flatMap((resolution) => [
    database.prepare<[number, number]>(`
      INSERT INTO usage_rollup
        SELECT ${resolution}, time_ms - time_ms % ${resolution}, tenant, key_id, model, coalesce(provider, ''), coalesce(jurisdiction, ''),
          coalesce(tier, ''), ${figures}
        FROM ledger WHERE id > ? AND id <= ? GROUP BY 2, 3, 4, 5, 6, 7, 8
      ON CONFLICT DO UPDATE SET ${rollupSums()}`),
    database.prepare<[number, number]>(`
      INSERT INTO traffic_rollup
        SELECT ${resolution}, time_ms - time_ms % ${resolution}, tenant, coalesce(provider, ''), coalesce(jurisdiction, ''), coalesce(tier, ''),
          ${figures}
        FROM ledger WHERE id > ? AND id <= ? GROUP BY 2, 3, 4, 5, 6
      ON CONFLICT DO UPDATE SET ${rollupSums()}`),
    // A row refused by several policies counts once for each, as the trigger's one upsert per policy did. A
    // `refused_by` that is not JSON, or a null in it, is left out rather than failing every later catch-up.
    database.prepare<[number, number]>(`
      INSERT INTO refusal_rollup
        SELECT ${resolution}, time_ms - time_ms % ${resolution}, tenant, policy.value, count(*)
        FROM ledger, json_each(CASE WHEN json_valid(ledger.refused_by) THEN ledger.refused_by END) AS policy
        WHERE ledger.id > ? AND ledger.id <= ? AND ledger.refused_by IS NOT NULL AND policy.value IS NOT NULL GROUP BY 2, 3, 4
      ON CONFLICT DO UPDATE SET requests = requests + excluded.requests`),
  ]);
  const pass = database.transaction((maxRows: number): boolean => {
    // Read again under the write lock: another process may have caught up since the check below.
    const from = progress.get()?.ledger_id ?? 0;
    const newestId = newest.get()?.id ?? 0;
    if (newestId <= from) return true;
    const to = Math.min(newestId, from + maxRows);
    for (const statement of passes) statement.run(from, to);
    advance.run(to);
    return to === newestId;
  });
  return {
    catchUp(maxRows = rollupPassRows) {
      // Nothing behind: no transaction, so a reader never waits for another process's write lock for nothing.
      if ((newest.get()?.id ?? 0) <= (progress.get()?.ledger_id ?? 0)) return true;
      // IMMEDIATE outside a transaction: the write lock is taken before the mark is read, so two processes never
      // count the same rows. Inside one (the ledger's insert) it is a savepoint of the caller's write transaction.
      return database.inTransaction ? pass(maxRows) : pass.immediate(maxRows);
    },
  };
}
