import type { Classification } from '../catalog/catalog-schema.ts';
import type { Finding, PersonalDataKind, SecretKind } from './finding.ts';

/** How many findings of one kind a request carries. */
export interface KindCount<Kind extends string> {
  kind: Kind;
  count: number;
}

/**
 * A finding in one of the profiled texts: `text` is its index in the array given to `profileText`. A finding that
 * runs over adjacent texts (`SEC` + `RET//NOFORN`) is listed as its pieces, one per text, in text order, each with
 * the same `split` number; the value is the pieces' text joined.
 */
export interface TextFinding extends Finding {
  text: number;
  split?: number;
}

/**
 * What a request carries, as the policy and routing stages see it. Holds kinds, counts and positions, never the
 * values found, so it may be logged and written to the audit trail as it is.
 */
export interface DataProfile {
  /** The effective level: the highest of what the markings say, what the client declared and the tenant's default. */
  classification: Classification;
  /** What the markings in the text say; UNCLASSIFIED when there are none. */
  detectedClassification: Classification;
  /**
   * Which set the effective level (`detected` wins ties, then `declared`); `inherited` when a stored conversation
   * the request continues carried a higher level (see `inheritProfile`).
   */
  classificationSource: 'detected' | 'declared' | 'tenant-default' | 'inherited';
  /**
   * Markings found, each once, in order of appearance, rewritten in the words of the marking vocabulary
   * (`secret // noforn` as `SECRET//NOFORN`, `(S//NF)`): never text of the request (see `marking-vocabulary.ts`).
   */
  markings: string[];
  /**
   * Dissemination controls and caveats found (from the marking vocabulary only) or declared (as the client
   * wrote them): `NOFORN`, `REL TO USA, GBR`, `OFFICIAL-SENSITIVE`.
   */
  caveats: string[];
  personalData: Array<KindCount<PersonalDataKind>>;
  secrets: Array<KindCount<SecretKind>>;
  /** Every finding with its position, for redaction. Classification markings are included (kind `classification-marking`). */
  findings: TextFinding[];
  /**
   * Residency requirements, each a country code or group name; a destination must satisfy every one (the
   * tenant's default and the client's declaration both hold, so a client can narrow residency but not widen it).
   */
  residency: string[];
  labels: string[];
}
