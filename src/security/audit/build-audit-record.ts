import type { AuditEntry, AuditRecord } from './audit-entry.ts';

/** An audit record without its sequence number, which the log assigns when it writes the record. */
export type UnsequencedAuditRecord = Omit<AuditRecord, 'seq'>;

/**
 * Copies the fields an audit record may hold, one by one, so nothing else a caller put on the entry (a request
 * body, a prompt under another name) reaches the log. Kind lists are de-duplicated and sorted, so the same
 * profile always serialises the same way. Throws a `TypeError` on a malformed entry, before anything is queued.
 */
export function buildAuditRecord(entry: AuditEntry, now: () => Date): UnsequencedAuditRecord {
  const record: UnsequencedAuditRecord = {
    time: entry.time ?? now().toISOString(),
    requestId: requireString(entry.requestId, 'requestId'),
    tenant: requireString(entry.tenant, 'tenant'),
    keyId: requireString(entry.keyId, 'keyId'),
    profile: {
      classification: requireString(entry.profile?.classification, 'profile.classification') as AuditRecord['profile']['classification'],
      personalKinds: kinds(entry.profile.personalKinds, 'profile.personalKinds'),
      secretKinds: kinds(entry.profile.secretKinds, 'profile.secretKinds'),
      markings: kinds(entry.profile.markings, 'profile.markings'),
    },
    outcome: entry.outcome,
    status: requireNumber(entry.status, 'status'),
    tokens: {
      input: requireNumber(entry.tokens?.input, 'tokens.input'),
      output: requireNumber(entry.tokens?.output, 'tokens.output'),
      cachedInput: requireNumber(entry.tokens?.cachedInput, 'tokens.cachedInput'),
    },
    costUsd: requireNumber(entry.costUsd, 'costUsd'),
  };
  if (entry.outcome !== 'ok' && entry.outcome !== 'refused' && entry.outcome !== 'failed') {
    throw new TypeError(`audit entry: outcome must be ok, refused or failed`);
  }
  if (Number.isNaN(Date.parse(record.time))) throw new TypeError('audit entry: time must be an ISO 8601 date');
  copyOptional(entry, record, ['principalCountry', 'decisionId', 'provider', 'jurisdiction', 'model', 'errorCode', 'prompt']);
  return record;
}

type OptionalText = 'principalCountry' | 'decisionId' | 'provider' | 'jurisdiction' | 'model' | 'errorCode' | 'prompt';

function copyOptional(entry: AuditEntry, record: UnsequencedAuditRecord, names: OptionalText[]): void {
  for (const name of names) {
    const value = entry[name];
    if (value !== undefined) record[name] = requireString(value, name);
  }
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new TypeError(`audit entry: ${name} must be a string`);
  return value;
}

function requireNumber(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`audit entry: ${name} must be a finite number`);
  return value;
}

function kinds(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new TypeError(`audit entry: ${name} must be a list of strings`);
  }
  return [...new Set(value as string[])].sort();
}
