import type { Database } from 'better-sqlite3';
import type { SpendDelta, SpendRepository } from '../spend-repository.ts';

/** Budget spend counters in the `budget_spend` table (see migration 2); a batch is one transaction. */
export function createSqliteSpendRepository(database: Database): SpendRepository {
  const upsert = database.prepare<[string, string, number, number, number]>(`
    INSERT INTO budget_spend (scope, period, nano_usd, tokens, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (scope, period) DO UPDATE SET
      nano_usd = nano_usd + excluded.nano_usd, tokens = tokens + excluded.tokens, updated_at = excluded.updated_at`);
  const select = database.prepare<[string, string], { nano_usd: number; tokens: number }>(
    'SELECT nano_usd, tokens FROM budget_spend WHERE scope = ? AND period = ?',
  );
  const addAll = database.transaction((deltas: readonly SpendDelta[], at: number) => {
    for (const delta of deltas) upsert.run(delta.scope, delta.period, delta.nanoUsd, delta.tokens, at);
  });
  return {
    async add(deltas, at) {
      if (deltas.length > 0) addAll(deltas, at);
    },
    async get(scope, period) {
      const row = select.get(scope, period);
      return { nanoUsd: row?.nano_usd ?? 0, tokens: row?.tokens ?? 0 };
    },
  };
}
