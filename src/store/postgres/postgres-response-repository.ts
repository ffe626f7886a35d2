import type pg from 'pg';
import type { ResponseRepository, StoredResponse, StoredResponseContents } from '../response-repository.ts';
import { storedResponseOf, storedResponseValues, type StoredResponseRow } from '../stored-response-row.ts';

type Row = StoredResponseRow<unknown>;

/**
 * Stored Responses API answers in Postgres (`stored_responses`, migration 7), shared by every instance, so a turn
 * can continue (`previous_response_id`) an answer another instance gave. JSON columns as `jsonb`.
 */
export function createPostgresResponseRepository(pool: pg.Pool): ResponseRepository & StoredResponseContents {
  return {
    async put(stored) {
      await pool.query(
        `INSERT INTO stored_responses (id, tenant, key_id, created_at, expires_at, previous_response_id, response, input_items, profile)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::jsonb)
         ON CONFLICT (id) DO UPDATE SET tenant = excluded.tenant, key_id = excluded.key_id, created_at = excluded.created_at,
           expires_at = excluded.expires_at, previous_response_id = excluded.previous_response_id, response = excluded.response,
           input_items = excluded.input_items, profile = excluded.profile`,
        storedResponseValues(stored),
      );
    },
    async get(tenant, id, now) {
      const row = (await pool.query<Row>('SELECT * FROM stored_responses WHERE id = $1 AND tenant = $2 AND expires_at > $3', [id, tenant, now])).rows[0];
      return row ? fromRow(row) : undefined;
    },
    async delete(tenant, id, now) {
      return ((await pool.query('DELETE FROM stored_responses WHERE id = $1 AND tenant = $2 AND expires_at > $3', [id, tenant, now])).rowCount ?? 0) > 0;
    },
    async deleteExpired(now) {
      return (await pool.query('DELETE FROM stored_responses WHERE expires_at <= $1', [now])).rowCount ?? 0;
    },
    async page(afterId, limit) {
      const rows = (await pool.query<{ tenant: string; id: string; response: Record<string, unknown> }>('SELECT tenant, id, response FROM stored_responses WHERE id > $1 ORDER BY id LIMIT $2', [afterId, limit])).rows;
      return rows.map((row) => ({ tenant: row.tenant, id: row.id, response: row.response }));
    },
    async replace(tenant, id, previous, next) {
      const result = await pool.query('UPDATE stored_responses SET response = $1::jsonb WHERE id = $2 AND tenant = $3 AND response = $4::jsonb', [
        JSON.stringify(next),
        id,
        tenant,
        JSON.stringify(previous),
      ]);
      return (result.rowCount ?? 0) > 0;
    },
  };
}


function fromRow(row: Row): StoredResponse {
  return storedResponseOf(row, (value) => value);
}
