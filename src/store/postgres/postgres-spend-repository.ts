import type pg from 'pg';
import type { SpendDelta, SpendHold, SpendHoldKind, SpendRepository } from '../spend-repository.ts';
import { inTransaction } from './postgres-pool.ts';

interface HoldRow {
  id: string;
  kind: SpendHoldKind;
  time_ms: number;
  scopes: string[];
  periods: string[];
  nano_usd: number;
  tokens: number;
}

function toHold(row: HoldRow): SpendHold {
  return { id: row.id, kind: row.kind, time: row.time_ms, scopes: row.scopes, periods: row.periods, nanoUsd: row.nano_usd, tokens: row.tokens };
}

/** Spend booked within one transaction, merged per counter: one row each, however many requests. */
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

/**
 * Budget spend counters (`budget_spend`, migration 2) and the holds of requests in flight (`spend_holds`,
 * migration 6) in Postgres; a batch is one transaction. Settling locks the hold's row (`FOR UPDATE`) and books
 * only an open one, so a hold is booked exactly once whichever instance settles it. Counters are written in key
 * order, so two instances updating the same counters lock them in the same order and cannot deadlock.
 */
export function createPostgresSpendRepository(pool: pg.Pool): SpendRepository {
  /** One transaction on one pooled connection, which listens for its errors while checked out (see inTransaction). */
  function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(pool, work);
  }

  /** Settles one locked, open hold: a budget hold is removed and booked, a rate hold keeps its settled tokens. */
  async function settle(client: pg.PoolClient, bookings: Bookings, row: HoldRow, nanoUsd: number, tokens: number): Promise<void> {
    if (row.kind !== 'budget') {
      await client.query('UPDATE spend_holds SET settled = true, nano_usd = $1, tokens = $2 WHERE id = $3', [Math.round(nanoUsd), Math.round(tokens), row.id]);
      return;
    }
    await client.query('DELETE FROM spend_holds WHERE id = $1', [row.id]);
    for (const scope of row.scopes) for (const period of row.periods) book(bookings, scope, period, nanoUsd, tokens);
  }

  async function write(client: pg.PoolClient, bookings: Bookings, at: number): Promise<void> {
    if (bookings.size === 0) return;
    const ordered = [...bookings.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, delta]) => delta);
    await client.query(
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
  }

  return {
    async commit(batch, at) {
      const holds = batch.holds ?? [];
      const settlements = batch.settlements ?? [];
      const deltas = batch.deltas ?? [];
      if (holds.length + settlements.length + deltas.length === 0) return;
      await transaction(async (client) => {
        if (holds.length > 0) {
          await client.query(
            `INSERT INTO spend_holds (id, kind, time_ms, scopes, periods, nano_usd, tokens)
             SELECT id, kind, time_ms, scopes::jsonb, periods::jsonb, nano_usd, tokens
             FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::bigint[], $7::bigint[])
               AS holds (id, kind, time_ms, scopes, periods, nano_usd, tokens)`,
            [
              holds.map((hold) => hold.id),
              holds.map((hold) => hold.kind),
              holds.map((hold) => hold.time),
              holds.map((hold) => JSON.stringify(hold.scopes)),
              holds.map((hold) => JSON.stringify(hold.periods)),
              holds.map((hold) => Math.round(hold.nanoUsd)),
              holds.map((hold) => Math.round(hold.tokens)),
            ],
          );
        }
        const bookings: Bookings = new Map();
        if (settlements.length > 0) {
          const ids = [...new Set(settlements.map((settlement) => settlement.id))].sort();
          const open = await client.query<HoldRow>('SELECT * FROM spend_holds WHERE id = ANY($1::text[]) AND NOT settled ORDER BY id FOR UPDATE', [ids]);
          const rows = new Map(open.rows.map((row) => [row.id, row]));
          for (const settlement of settlements) {
            const row = rows.get(settlement.id);
            if (!row) continue;
            rows.delete(settlement.id);
            await settle(client, bookings, row, settlement.nanoUsd, settlement.tokens);
          }
        }
        for (const delta of deltas) book(bookings, delta.scope, delta.period, delta.nanoUsd, delta.tokens);
        await write(client, bookings, at);
      });
    },
    async get(scope, period) {
      const row = (await pool.query<{ nano_usd: number; tokens: number }>('SELECT nano_usd, tokens FROM budget_spend WHERE scope = $1 AND period = $2', [scope, period]))
        .rows[0];
      return { nanoUsd: row?.nano_usd ?? 0, tokens: row?.tokens ?? 0 };
    },
    async settleOpenHolds(at, only) {
      return transaction(async (client) => {
        const open = await client.query<HoldRow>('SELECT * FROM spend_holds WHERE NOT settled ORDER BY id FOR UPDATE');
        const rows = only ? open.rows.filter((row) => only(toHold(row))) : open.rows;
        const bookings: Bookings = new Map();
        for (const row of rows) await settle(client, bookings, row, row.nano_usd, row.tokens);
        await write(client, bookings, at);
        return rows.length;
      });
    },
    async holdsSince(kind, since, scope) {
      const rows =
        scope === undefined
          ? await pool.query<HoldRow>('SELECT * FROM spend_holds WHERE kind = $1 AND time_ms >= $2 ORDER BY time_ms, id', [kind, since])
          : await pool.query<HoldRow>('SELECT * FROM spend_holds WHERE kind = $1 AND time_ms >= $2 AND scopes @> jsonb_build_array($3::text) ORDER BY time_ms, id', [
              kind,
              since,
              scope,
            ]);
      return rows.rows.map(toHold);
    },
    async prune(before) {
      await pool.query('DELETE FROM spend_holds WHERE settled AND time_ms < $1', [before]);
    },
  };
}
