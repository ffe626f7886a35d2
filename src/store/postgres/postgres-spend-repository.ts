import type pg from 'pg';
import type { SpendDelta, SpendRepository } from '../spend-repository.ts';

/**
 * Budget spend counters in Postgres (`budget_spend`, migration 2): a batch is one `INSERT ... ON CONFLICT DO
 * UPDATE` adding to the stored totals, atomic with respect to every other instance's batches. Deltas for the same
 * counter are summed first (one statement may not update a row twice) and sent in key order, so two instances
 * updating the same counters lock them in the same order and cannot deadlock.
 */
export function createPostgresSpendRepository(pool: pg.Pool): SpendRepository {
  return {
    async add(deltas, at) {
      if (deltas.length === 0) return;
      const merged = new Map<string, SpendDelta>();
      for (const delta of deltas) {
        const key = `${delta.scope}\u0000${delta.period}`;
        const seen = merged.get(key);
        if (seen) merged.set(key, { ...seen, nanoUsd: seen.nanoUsd + delta.nanoUsd, tokens: seen.tokens + delta.tokens });
        else merged.set(key, { ...delta });
      }
      const ordered = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, delta]) => delta);
      await pool.query(
        `INSERT INTO budget_spend (scope, period, nano_usd, tokens, updated_at)
         SELECT scope, period, nano_usd, tokens, $5 FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[])
           AS deltas (scope, period, nano_usd, tokens)
         ON CONFLICT (scope, period) DO UPDATE SET
           nano_usd = budget_spend.nano_usd + excluded.nano_usd, tokens = budget_spend.tokens + excluded.tokens,
           updated_at = excluded.updated_at`,
        [
          ordered.map((delta) => delta.scope),
          ordered.map((delta) => delta.period),
          ordered.map((delta) => Math.round(delta.nanoUsd)),
          ordered.map((delta) => Math.round(delta.tokens)),
          at,
        ],
      );
    },
    async get(scope, period) {
      const row = (await pool.query<{ nano_usd: number; tokens: number }>('SELECT nano_usd, tokens FROM budget_spend WHERE scope = $1 AND period = $2', [scope, period]))
        .rows[0];
      return { nanoUsd: row?.nano_usd ?? 0, tokens: row?.tokens ?? 0 };
    },
  };
}
