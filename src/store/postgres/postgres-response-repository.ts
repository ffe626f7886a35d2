import type pg from 'pg';
import type { ResponseRepository, StoredResponse } from '../response-repository.ts';
import { storedResponseOf, storedResponseValues, type StoredResponseRow } from '../stored-response-row.ts';

type Row = StoredResponseRow<unknown>;

/**
 * Stored Responses API answers in Postgres (`stored_responses`, migration 7), shared by every instance, so a turn
 * can continue (`previous_response_id`) an answer another instance gave. JSON columns as `jsonb`.
 */
export function createPostgresResponseRepository(pool: pg.Pool): ResponseRepository {
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
  };
}


function fromRow(row: Row): StoredResponse {
  return storedResponseOf(row, (value) => value);
}
