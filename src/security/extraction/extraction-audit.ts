import type { AuditEntry, ExtractionAuditFacts } from '../audit/audit-entry.ts';

export type { ExtractionAuditFacts };
import { canonicalJson } from '../audit/canonical-json.ts';
import type { ExtractionChange } from './extraction-case.ts';
import { severity } from './extraction-policy.ts';

/**
 * The audit entry of an action change: not a request, so `requestId` is `extraction:<case>:<time>`, `status` 0 and
 * the tokens zero; `outcome` is `refused` when the change restricts the subject (throttle, review, block) and `ok`
 * otherwise. The evidence holds features, explanations and keyed hashes only, never prompt text.
 */
export function extractionAuditEntry(change: ExtractionChange): AuditEntry {
  const { case: subject } = change;
  return {
    time: new Date(change.at).toISOString(),
    requestId: `extraction:${subject.id}:${change.at}`,
    tenant: subject.tenant ?? '',
    keyId: subject.kind === 'key' ? subject.subject : '',
    profile: { classification: 'UNCLASSIFIED', personalKinds: [], secretKinds: [], markings: [] },
    outcome: severity(change.to) >= severity('throttle') ? 'refused' : 'ok',
    status: 0,
    tokens: { input: 0, output: 0, cachedInput: 0 },
    costUsd: 0,
    extraction: { caseId: subject.id, from: change.from, to: change.to, by: change.by, score: subject.score, reasons: subject.evidence.reasons, evidence: canonicalJson(subject.evidence) },
  };
}
