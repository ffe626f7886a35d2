import type { Database } from 'better-sqlite3';
import type { SpendBatch, SpendDelta, SpendHold, SpendHoldKind, SpendRepository } from '../spend-repository.ts';

interface HoldRow {
  id: string;
  kind: SpendHoldKind;
  time_ms: number;
  scopes: string;
  periods: string;
  nano_usd: number;
  tokens: number;
}

function toHold(row: HoldRow): SpendHold {
  return {
    id: row.id,
    kind: row.kind,
    time: row.time_ms,
    scopes: JSON.parse(row.scopes) as string[],
    periods: JSON.parse(row.periods) as string[],
    nanoUsd: row.nano_usd,
    tokens: row.tokens,
  };
}

/**
 * Budget spend counters in the `budget_spend` table (migration 2) and holds in `spend_holds` (migration 5); a batch
 * is one transaction.
 */
export function createSqliteSpendRepository(database: Database): SpendRepository {
  const upsert = database.prepare<[string, string, number, number, number]>(`
    INSERT INTO budget_spend (scope, period, nano_usd, tokens, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (scope, period) DO UPDATE SET
      nano_usd = nano_usd + excluded.nano_usd, tokens = tokens + excluded.tokens, updated_at = excluded.updated_at`);
  const select = database.prepare<[string, string], { nano_usd: number; tokens: number }>(
    'SELECT nano_usd, tokens FROM budget_spend WHERE scope = ? AND period = ?',
  );
  const insertHold = database.prepare<[string, string, number, string, string, number, number]>(
    'INSERT INTO spend_holds (id, kind, time_ms, scopes, periods, nano_usd, tokens) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const openHold = database.prepare<[string], HoldRow>('SELECT * FROM spend_holds WHERE id = ? AND settled = 0');
  const openHolds = database.prepare<[], HoldRow>('SELECT * FROM spend_holds WHERE settled = 0');
  const deleteHold = database.prepare<[string]>('DELETE FROM spend_holds WHERE id = ?');
  const settleHold = database.prepare<[number, number, string]>('UPDATE spend_holds SET settled = 1, nano_usd = ?, tokens = ? WHERE id = ?');
  const holdsSince = database.prepare<[string, number], HoldRow>('SELECT * FROM spend_holds WHERE kind = ? AND time_ms >= ? ORDER BY time_ms');
  const holdsOfScopeSince = database.prepare<[string, number, string], HoldRow>(
    'SELECT * FROM spend_holds WHERE kind = ? AND time_ms >= ? AND EXISTS (SELECT 1 FROM json_each(spend_holds.scopes) WHERE value = ?) ORDER BY time_ms',
  );
  const prune = database.prepare<[number]>('DELETE FROM spend_holds WHERE settled = 1 AND time_ms < ?');

  /** Spend booked within one transaction, merged per counter: one upsert each, however many requests. */
  type Bookings = Map<string, SpendDelta>;
  function book(bookings: Bookings, scope: string, period: string, nanoUsd: number, tokens: number): void {
    if (nanoUsd === 0 && tokens === 0) return;
    const key = `${scope}\u0000${period}`;
    const existing = bookings.get(key);
    if (existing) {
      existing.nanoUsd += nanoUsd;
      existing.tokens += tokens;
    } else bookings.set(key, { scope, period, nanoUsd, tokens });
  }
  function settle(bookings: Bookings, row: HoldRow, nanoUsd: number, tokens: number): void {
    if (row.kind !== 'budget') {
      settleHold.run(nanoUsd, tokens, row.id);
      return;
    }
    deleteHold.run(row.id);
    const periods = JSON.parse(row.periods) as string[];
    for (const scope of JSON.parse(row.scopes) as string[]) for (const period of periods) book(bookings, scope, period, nanoUsd, tokens);
  }
  function write(bookings: Bookings, at: number): void {
    for (const delta of bookings.values()) upsert.run(delta.scope, delta.period, delta.nanoUsd, delta.tokens, at);
  }

  const commitAll = database.transaction((batch: SpendBatch, at: number) => {
    for (const hold of batch.holds ?? []) {
      insertHold.run(hold.id, hold.kind, hold.time, JSON.stringify(hold.scopes), JSON.stringify(hold.periods), hold.nanoUsd, hold.tokens);
    }
    const bookings: Bookings = new Map();
    for (const settlement of batch.settlements ?? []) {
      const row = openHold.get(settlement.id);
      if (row) settle(bookings, row, settlement.nanoUsd, settlement.tokens);
    }
    for (const delta of batch.deltas ?? []) book(bookings, delta.scope, delta.period, delta.nanoUsd, delta.tokens);
    write(bookings, at);
  });
  const settleAll = database.transaction((at: number, only?: (hold: SpendHold) => boolean) => {
    const rows = only ? openHolds.all().filter((row) => only(toHold(row))) : openHolds.all();
    const bookings: Bookings = new Map();
    for (const row of rows) settle(bookings, row, row.nano_usd, row.tokens);
    write(bookings, at);
    return rows.length;
  });

  return {
    async commit(batch, at) {
      if ((batch.holds?.length ?? 0) + (batch.settlements?.length ?? 0) + (batch.deltas?.length ?? 0) > 0) commitAll(batch, at);
    },
    async get(scope, period) {
      const row = select.get(scope, period);
      return { nanoUsd: row?.nano_usd ?? 0, tokens: row?.tokens ?? 0 };
    },
    async settleOpenHolds(at, only) {
      return settleAll(at, only);
    },
    async holdsSince(kind, since, scope) {
      return (scope === undefined ? holdsSince.all(kind, since) : holdsOfScopeSince.all(kind, since, scope)).map(toHold);
    },
    async prune(before) {
      prune.run(before);
    },
  };
}
