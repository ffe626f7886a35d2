import type { Classification } from '../catalog/catalog-schema.ts';

/**
 * What the detectors find. A finding is a kind and a position, never the value: positions are enough to redact,
 * and a profile that stores no values cannot leak them into logs or the audit trail.
 */

/** Personal data: identifies or reaches a person. */
export const personalDataKinds = ['email', 'phone', 'iban', 'payment-card', 'us-ssn', 'uk-nino', 'ipv4', 'ipv6'] as const;
export type PersonalDataKind = (typeof personalDataKinds)[number];

/** Credentials: whoever reads them can act as their owner. */
export const secretKinds = [
  'private-key',
  'jwt',
  'anthropic-key',
  'openai-key',
  'aws-access-key-id',
  'github-token',
  'slack-token',
  'google-api-key',
  'stripe-key',
] as const;
export type SecretKind = (typeof secretKinds)[number];

/** A classification banner (`SECRET//NOFORN`) or portion marking (`(S//NF)`). */
export type MarkingKind = 'classification-marking';

export type FindingKind = PersonalDataKind | SecretKind | MarkingKind;

/** A range of a text: `start` inclusive, `end` exclusive, in UTF-16 code units (as `String.slice`). */
export interface Span {
  start: number;
  end: number;
}

/**
 * What a classification marking says, in the words of the marking vocabulary only (levels, dissemination
 * controls, SCI control systems, CUI categories): never text that merely followed the marking.
 */
export interface MarkingReading {
  level: Classification;
  /** Known caveats, spelled out (`NOFORN`, `REL TO USA, GBR`, `SI`). */
  caveats: string[];
  /** The marking rewritten from `level` and `caveats` (`SECRET//NOFORN`, `(S//NF)`). */
  canonical: string;
}

/**
 * One thing found in a text, by position in the text as given (before any normalisation or decoding). Findings
 * may overlap: a classification marking ends where its grammar ends, and what its caveats contain is found too.
 */
export interface Finding extends Span {
  kind: FindingKind;
  /** For `classification-marking` findings: what the marking says. */
  marking?: MarkingReading;
}

const personal = new Set<string>(personalDataKinds);
const secret = new Set<string>(secretKinds);

/** Whether a kind is personal data. */
export function isPersonalDataKind(kind: FindingKind): kind is PersonalDataKind {
  return personal.has(kind);
}

/** Whether a kind is a credential. */
export function isSecretKind(kind: FindingKind): kind is SecretKind {
  return secret.has(kind);
}
