import { classificationLevels } from '../../core/catalog/catalog-schema.ts';
import { parseClassificationMarking } from '../../core/profile/classification-marking.ts';
import { personalDataKinds, secretKinds } from '../../core/profile/finding.ts';
import type { AuditEntry, AuditRecord, AuditTransport } from './audit-entry.ts';

const levels = new Set<string>(classificationLevels);
const personal = new Set<string>(personalDataKinds);
const secret = new Set<string>(secretKinds);

/**
 * Copies the fields an audit record may hold, one by one, so nothing else a caller put on the entry (a request
 * body, a prompt under another name) reaches the log. The profile is kinds and levels only: the classification
 * must be a level and the kinds known kinds (else the entry is malformed), and each marking is rewritten in the
 * words of the marking vocabulary (`SECRET//NOFORN`), so no text that followed a marking in a request, such as a
 * key written after `UNCLASSIFIED//`, can reach the signed log; a marking that does not read as one is left out.
 * Lists are de-duplicated and sorted, so the same profile always serialises the same way. `seq` is 0 until the
 * log assigns it at write time. Throws a `TypeError` on a malformed entry, before anything is queued.
 */
export function buildAuditRecord(entry: AuditEntry, now: () => Date): AuditRecord {
  if (entry.outcome !== 'ok' && entry.outcome !== 'refused' && entry.outcome !== 'failed') {
    throw new TypeError(`audit entry: outcome must be ok, refused or failed`);
  }
  const time = entry.time ?? now().toISOString();
  if (typeof time !== 'string' || Number.isNaN(Date.parse(time))) throw new TypeError('audit entry: time must be an ISO 8601 date');
  const profile = entry.profile as Partial<AuditEntry['profile']> | undefined;
  const tokens = entry.tokens as Partial<AuditEntry['tokens']> | undefined;
  // Keys in sorted order, at every level: JSON.stringify of this object is its canonical JSON (see canonicalRecord).
  return {
    clientTransport: optionalTransport(entry.clientTransport, 'clientTransport'),
    costUsd: requireNumber(entry.costUsd, 'costUsd'),
    decisionId: optionalString(entry.decisionId, 'decisionId'),
    errorCode: optionalString(entry.errorCode, 'errorCode'),
    extraction: optionalExtraction(entry.extraction),
    jurisdiction: optionalString(entry.jurisdiction, 'jurisdiction'),
    keyId: requireString(entry.keyId, 'keyId'),
    model: optionalString(entry.model, 'model'),
    outcome: entry.outcome,
    principalCountry: optionalString(entry.principalCountry, 'principalCountry'),
    profile: {
      classification: level(profile?.classification),
      markings: markings(profile?.markings),
      personalKinds: kinds(profile?.personalKinds, 'profile.personalKinds', personal),
      secretKinds: kinds(profile?.secretKinds, 'profile.secretKinds', secret),
    },
    prompt: optionalString(entry.prompt, 'prompt'),
    provider: optionalString(entry.provider, 'provider'),
    requestId: requireString(entry.requestId, 'requestId'),
    seq: 0,
    status: requireNumber(entry.status, 'status'),
    tenant: requireString(entry.tenant, 'tenant'),
    time,
    tokens: {
      cachedInput: requireNumber(tokens?.cachedInput, 'tokens.cachedInput'),
      input: requireNumber(tokens?.input, 'tokens.input'),
      output: requireNumber(tokens?.output, 'tokens.output'),
    },
    tool: optionalString(entry.tool, 'tool'),
    transport: optionalTransport(entry.transport, 'transport'),
  };
}

/** A connection's security with its keys in sorted order, or `undefined`. */
function optionalTransport(value: unknown, name: string): AuditTransport | undefined {
  if (value === undefined) return undefined;
  const transport = value as Partial<AuditTransport> | null;
  if (transport === null || typeof transport !== 'object') throw new TypeError(`audit entry: ${name} must be an object`);
  if (typeof transport.postQuantum !== 'boolean') throw new TypeError(`audit entry: ${name}.postQuantum must be a boolean`);
  return {
    group: optionalString(transport.group, `${name}.group`),
    postQuantum: transport.postQuantum,
    protocol: requireString(transport.protocol, `${name}.protocol`),
  };
}

/**
 * The canonical JSON of a record made by `buildAuditRecord`: since its keys were inserted in sorted order and
 * optional members left `undefined`, the native `JSON.stringify` yields exactly `canonicalJson(record)` at a
 * fraction of the cost. A test holds the two equal.
 */
export function canonicalRecord(record: AuditRecord): string {
  return JSON.stringify(record);
}

/** The extraction facts with their keys in sorted order (canonical), each checked; undefined when absent. */
function optionalExtraction(value: AuditEntry['extraction']): AuditEntry['extraction'] {
  if (value === undefined) return undefined;
  if (!Array.isArray(value.reasons) || !value.reasons.every((reason) => typeof reason === 'string')) throw new TypeError('audit entry: extraction.reasons must be strings');
  return {
    by: requireString(value.by, 'extraction.by'),
    caseId: requireString(value.caseId, 'extraction.caseId'),
    evidence: requireString(value.evidence, 'extraction.evidence'),
    from: requireString(value.from, 'extraction.from'),
    reasons: [...value.reasons],
    score: requireNumber(value.score, 'extraction.score'),
    to: requireString(value.to, 'extraction.to'),
  };
}

function optionalString(value: unknown, name: string): string | undefined {
  return value === undefined ? undefined : requireString(value, name);
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new TypeError(`audit entry: ${name} must be a string`);
  return value;
}

function requireNumber(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`audit entry: ${name} must be a finite number`);
  return value;
}

function strings(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new TypeError(`audit entry: ${name} must be a list of strings`);
  }
  return value as string[];
}

function level(value: unknown): AuditRecord['profile']['classification'] {
  if (typeof value !== 'string' || !levels.has(value)) throw new TypeError(`audit entry: profile.classification must be one of ${classificationLevels.join(', ')}`);
  return value as AuditRecord['profile']['classification'];
}

function kinds(value: unknown, name: string, known: ReadonlySet<string>): string[] {
  const list = strings(value, name);
  if (!list.every((item) => known.has(item))) throw new TypeError(`audit entry: ${name} must hold known kinds only`);
  return [...new Set(list)].sort();
}

function markings(value: unknown): string[] {
  const canonical = new Set<string>();
  for (const marking of strings(value, 'profile.markings')) {
    const reading = parseClassificationMarking(marking);
    if (reading !== undefined) canonical.add(reading.marking);
  }
  return [...canonical].sort();
}
