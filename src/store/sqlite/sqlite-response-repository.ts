import type { Database } from 'better-sqlite3';
import type { ResponseRepository, StoredResponse } from '../response-repository.ts';
import { storedResponseOf, storedResponseValues, type StoredResponseRow } from '../stored-response-row.ts';

type Row = StoredResponseRow<string>;

/** Stored Responses API answers in the `stored_responses` table (see migration 4); JSON columns as text. */
export function createSqliteResponseRepository(database: Database): ResponseRepository {
  const upsert = database.prepare<[string, string, string, number, number, string | null, string, string, string]>(`
    INSERT INTO stored_responses (id, tenant, key_id, created_at, expires_at, previous_response_id, response, input_items, profile)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET tenant = excluded.tenant, key_id = excluded.key_id, created_at = excluded.created_at,
      expires_at = excluded.expires_at, previous_response_id = excluded.previous_response_id, response = excluded.response,
      input_items = excluded.input_items, profile = excluded.profile`);
  const select = database.prepare<[string, string, number], Row>('SELECT * FROM stored_responses WHERE id = ? AND tenant = ? AND expires_at > ?');
  const remove = database.prepare<[string, string, number]>('DELETE FROM stored_responses WHERE id = ? AND tenant = ? AND expires_at > ?');
  const sweep = database.prepare<[number]>('DELETE FROM stored_responses WHERE expires_at <= ?');
  return {
    async put(stored) {
      upsert.run(...storedResponseValues(stored));
    },
    async get(tenant, id, now) {
      const row = select.get(id, tenant, now);
      return row ? fromRow(row) : undefined;
    },
    async delete(tenant, id, now) {
      return remove.run(id, tenant, now).changes > 0;
    },
    async deleteExpired(now) {
      return sweep.run(now).changes;
    },
  };
}


function fromRow(row: Row): StoredResponse {
  return storedResponseOf(row, (value) => JSON.parse(value));
}
