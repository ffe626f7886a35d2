import type { CaseEvidence, ExtractionCase, SubjectKind } from '../security/extraction/extraction-case.ts';
import type { ExtractionAction } from '../security/extraction/extraction-settings.ts';
import type { ExtractionCaseWrite, StoredExtractionCase } from './extraction-case-repository.ts';

/** An `extraction_cases` row as both backends read it; `Json` is how the evidence arrives (text, or parsed jsonb). */
export interface ExtractionCaseRow<Json> {
  id: string;
  kind: string;
  subject: string;
  tenant: string | null;
  action: string;
  score: number;
  since: number;
  updated_at: number;
  exempt_until: number;
  changed_by: string;
  instance: string;
  evidence: Json;
  clear_requested_by: string | null;
  clear_exempt_hours: number | null;
  clear_requested_at: number | null;
  revision: number;
}

/**
 * The values `put` writes, in column order (id, kind, subject, tenant, action, score, since, updated_at,
 * exempt_until, changed_by, instance, evidence as JSON text).
 */
export function extractionCaseValues(stored: ExtractionCaseWrite): [string, string, string, string | null, string, number, number, number, number, string, string, string] {
  const found = stored.case;
  return [found.id, found.kind, found.subject, found.tenant ?? null, found.action, found.score, found.since, found.updatedAt, stored.exemptUntil, stored.changedBy, stored.instance, JSON.stringify(found.evidence)];
}

/** The stored case of a row; `readJson` turns the evidence column into its value (JSON.parse for text). */
export function storedExtractionCaseOf<Json>(row: ExtractionCaseRow<Json>, readJson: (value: Json) => unknown): StoredExtractionCase {
  const found: ExtractionCase = {
    id: row.id,
    kind: row.kind as SubjectKind,
    subject: row.subject,
    ...(row.tenant === null ? {} : { tenant: row.tenant }),
    action: row.action as ExtractionAction,
    score: row.score,
    since: row.since,
    updatedAt: row.updated_at,
    evidence: readJson(row.evidence) as CaseEvidence,
  };
  return {
    case: found,
    changedBy: row.changed_by,
    exemptUntil: row.exempt_until,
    instance: row.instance,
    ...(row.clear_requested_by === null ? {} : { clearRequest: { by: row.clear_requested_by, exemptHours: row.clear_exempt_hours ?? 0, at: row.clear_requested_at ?? 0 } }),
    revision: row.revision,
  };
}

/** The `ORDER BY` of a full listing: harshest action first, then id (both backends). */
export const extractionCaseListOrder =
  "CASE action WHEN 'block' THEN 4 WHEN 'review' THEN 3 WHEN 'throttle' THEN 2 WHEN 'flag' THEN 1 ELSE 0 END DESC, id";
