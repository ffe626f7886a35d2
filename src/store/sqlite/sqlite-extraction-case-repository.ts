import type { Database } from 'better-sqlite3';
import type { ExtractionCaseRepository } from '../extraction-case-repository.ts';
import { extractionCaseListOrder, extractionCaseValues, storedExtractionCaseOf, type ExtractionCaseRow } from '../extraction-case-row.ts';

type Row = ExtractionCaseRow<string>;
const nextRevision = '(SELECT coalesce(max(revision), 0) + 1 FROM extraction_cases)';

/** Extraction cases in the `extraction_cases` table (migration 7); the revision is the table's highest plus one. */
export function createSqliteExtractionCaseRepository(database: Database): ExtractionCaseRepository {
  const upsert = database.prepare(`
    INSERT INTO extraction_cases (id, kind, subject, tenant, action, score, since, updated_at, exempt_until, changed_by, instance, evidence, revision)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${nextRevision})
    ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, subject = excluded.subject, tenant = excluded.tenant, action = excluded.action,
      score = excluded.score, since = excluded.since, updated_at = excluded.updated_at, exempt_until = excluded.exempt_until,
      changed_by = excluded.changed_by, instance = excluded.instance, evidence = excluded.evidence, revision = excluded.revision
    RETURNING revision`);
  const select = database.prepare<[string], Row>('SELECT * FROM extraction_cases WHERE id = ?');
  const all = database.prepare<[], Row>(`SELECT * FROM extraction_cases ORDER BY ${extractionCaseListOrder}`);
  const changed = database.prepare<[number, number], Row>('SELECT * FROM extraction_cases WHERE revision > ? ORDER BY revision LIMIT ?');
  const request = database.prepare<[string, number, number, string]>(
    `UPDATE extraction_cases SET clear_requested_by = ?, clear_exempt_hours = ?, clear_requested_at = ?, revision = ${nextRevision} WHERE id = ?`,
  );
  const settle = database.prepare<[string]>(
    `UPDATE extraction_cases SET clear_requested_by = NULL, clear_exempt_hours = NULL, clear_requested_at = NULL, revision = ${nextRevision}
     WHERE id = ? AND clear_requested_by IS NOT NULL`,
  );
  const read = (row: Row) => storedExtractionCaseOf(row, (value) => JSON.parse(value));
  return {
    async put(stored) {
      return (upsert.get(...extractionCaseValues(stored)) as { revision: number }).revision;
    },
    async get(id) {
      const row = select.get(id);
      return row ? read(row) : undefined;
    },
    async list() {
      return all.all().map(read);
    },
    async changedSince(revision, limit = 1000) {
      return changed.all(revision, limit).map(read);
    },
    async requestClear(id, clear) {
      return request.run(clear.by, clear.exemptHours, clear.at, id).changes > 0;
    },
    async settleClear(id) {
      settle.run(id);
    },
  };
}
