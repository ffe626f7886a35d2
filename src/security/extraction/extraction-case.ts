import type { IndicatorKind } from './coordination-index.ts';
import type { ExtractionAction } from './extraction-settings.ts';

/** What a case is about: one key, one tenant (all its keys) or one client network. */
export type SubjectKind = 'key' | 'tenant' | 'network';

/** The evidence behind a case: signals, the reasons they add up to, and hashes. Never prompt content. */
export interface CaseEvidence {
  score: number;
  /** The subject's own score, before its group's (keys only). */
  ownScore: number;
  /** Requests the subject sent since it was first seen (or last cleared). */
  requests: number;
  /** The signals, rounded to three decimals. */
  features: Record<string, number | string>;
  /** Why, strongest first: one sentence per term that raised the score. */
  reasons: string[];
  /** The group of coordinated keys the subject belongs to (keys only). */
  cluster?: {
    id: string;
    keys: number;
    tenants: number;
    score: number;
    /** Up to 20 member key ids. */
    sample: string[];
    /** With how many group members this key shares each kind of indicator (cases stored before a kind existed lack it). */
    shared: Partial<Record<IndicatorKind, number>>;
  };
  /** HMAC-SHA-256 evidence hashes (16 hex digits) of what the subject showed. */
  hashes: {
    template?: string;
    networks: string[];
    userAgents: string[];
    systems: string[];
  };
}

/** One subject's standing: its action and why. */
export interface ExtractionCase {
  /** `key:<id>`, `tenant:<name>` or `network:<hash>`. */
  id: string;
  kind: SubjectKind;
  subject: string;
  /** The tenant of a key or tenant subject. */
  tenant?: string;
  action: ExtractionAction;
  score: number;
  /** When the current action began (ms since the epoch). */
  since: number;
  updatedAt: number;
  /** Until when (ms) the subject takes no action, after a clear with exempt hours; absent when not exempt. */
  exemptUntil?: number;
  evidence: CaseEvidence;
}

/** An action change: what the audit log records and the case store keeps. */
export interface ExtractionChange {
  case: ExtractionCase;
  from: ExtractionAction;
  to: ExtractionAction;
  /** `detector`, or the key id of the administrator who cleared it. */
  by: string;
  at: number;
}

export const caseId = (kind: SubjectKind, subject: string): string => `${kind}:${subject}`;

/** Splits a case id; undefined for anything else. */
export function parseCaseId(id: string): { kind: SubjectKind; subject: string } | undefined {
  const colon = id.indexOf(':');
  const kind = id.slice(0, colon);
  const subject = id.slice(colon + 1);
  if (colon < 1 || subject === '' || (kind !== 'key' && kind !== 'tenant' && kind !== 'network')) return undefined;
  return { kind, subject };
}
