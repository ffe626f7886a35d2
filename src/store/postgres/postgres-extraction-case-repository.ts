import type pg from 'pg';
import type { ExtractionCaseRepository } from '../extraction-case-repository.ts';
import { extractionCaseListOrder, extractionCaseValues, storedExtractionCaseOf, type ExtractionCaseRow } from '../extraction-case-row.ts';

type Row = ExtractionCaseRow<unknown>;

/**
 * Extraction cases in Postgres (`extraction_cases`, migration 9), shared by every instance: a case one instance
 * opened holds on the others, and a clear asked for from the CLI reaches them all. Revisions come from the
 * `extraction_case_revision` sequence; the evidence is `jsonb`.
 */
export function createPostgresExtractionCaseRepository(pool: pg.Pool): ExtractionCaseRepository {
  const read = (row: Row) => storedExtractionCaseOf(row, (value) => value);
  return {
    async put(stored) {
      const result = await pool.query<{ revision: number }>(
        `INSERT INTO extraction_cases (id, kind, subject, tenant, action, score, since, updated_at, exempt_until, changed_by, instance, evidence, revision)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, nextval('extraction_case_revision'))
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, subject = excluded.subject, tenant = excluded.tenant, action = excluded.action,
           score = excluded.score, since = excluded.since, updated_at = excluded.updated_at, exempt_until = excluded.exempt_until,
           changed_by = excluded.changed_by, instance = excluded.instance, evidence = excluded.evidence, revision = excluded.revision
         RETURNING revision`,
        extractionCaseValues(stored),
      );
      return result.rows[0]!.revision;
    },
    async get(id) {
      const row = (await pool.query<Row>('SELECT * FROM extraction_cases WHERE id = $1', [id])).rows[0];
      return row ? read(row) : undefined;
    },
    async list() {
      return (await pool.query<Row>(`SELECT * FROM extraction_cases ORDER BY ${extractionCaseListOrder}`)).rows.map(read);
    },
    async changedSince(revision, limit = 1000) {
      return (await pool.query<Row>('SELECT * FROM extraction_cases WHERE revision > $1 ORDER BY revision LIMIT $2', [revision, limit])).rows.map(read);
    },
    async requestClear(id, clear) {
      const result = await pool.query(
        `UPDATE extraction_cases SET clear_requested_by = $1, clear_exempt_hours = $2, clear_requested_at = $3,
           revision = nextval('extraction_case_revision') WHERE id = $4`,
        [clear.by, clear.exemptHours, clear.at, id],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async settleClear(id) {
      await pool.query(
        `UPDATE extraction_cases SET clear_requested_by = NULL, clear_exempt_hours = NULL, clear_requested_at = NULL,
           revision = nextval('extraction_case_revision') WHERE id = $1 AND clear_requested_by IS NOT NULL`,
        [id],
      );
    },
  };
}
