import type { FindingKind, MarkingReading, Span } from './finding.ts';

/** What a detector's check accepted: a span, possibly another kind than the detector's, and what a marking says. */
export interface Accepted extends Span {
  kind?: FindingKind;
  marking?: MarkingReading;
  /**
   * Counts only next to another classification marking in the same text: a bare `(C)` opening a paragraph is a
   * portion marking in a marked document and a list item or copyright sign anywhere else.
   */
  weak?: boolean;
}

/**
 * One detector: a pattern that finds candidates and a check that accepts one, possibly as a different span
 * (an e-mail address grows left from its `@`, a phone number drops a trailing group that cannot belong to it).
 * Patterns start with a character or literal and test boundaries with a lookbehind after it: V8 scans a joined
 * pattern several times faster that way than with leading lookbehinds. No capturing groups: the detectors are
 * joined into one expression and told apart by group number.
 */
export interface Detector {
  kind: FindingKind;
  pattern: string;
  accept?: (text: string, start: number, end: number) => Accepted | undefined;
  /**
   * A rejected candidate is still one token (an IBAN with a wrong checksum, a card failing Luhn): the scan moves
   * past it instead of looking for other kinds inside it, so `DE88 3704 0044 0532 0130 00` is not a phone number.
   */
  opaque?: boolean;
}
