import { detectFindings } from './detect-findings.ts';
import type { Finding, Span } from './finding.ts';

/** How far into each text, from either end, the junction scan reads. Long enough for a credential split anywhere. */
const junctionReach = 256;

/**
 * Between the head and the tail of a long text in the junction scan: line breaks and a character no detector takes
 * for part of a value. A finding that covers it is dropped (it would join two pieces of one text that do not touch).
 */
const gap = '\n\n\u2029\n\n';

/** A piece of one finding that runs over adjacent texts: its range in the text `text`. */
export interface JunctionPiece extends Span {
  text: number;
}

/**
 * A finding of the glued reading of adjacent texts, as its pieces in text order: one per text it covers, usually two
 * or more (it runs across a junction), one when it lies in one text whose own scan, without its neighbours, missed it.
 */
export interface JunctionFinding {
  finding: Omit<Finding, 'start' | 'end'>;
  pieces: JunctionPiece[];
  /** False when it continues a finding its first text has on its own (counted there already). */
  counted: boolean;
}

/** Where a stretch of one text lies in the joined junction string. */
interface Segment {
  text: number;
  /** Offset of the stretch in its text. */
  from: number;
  /** Offset of the stretch in the joined string. */
  at: number;
  length: number;
}

/**
 * Findings that run across the junction of adjacent texts: a provider reads adjacent content parts and turns as one
 * text, so `SEC` + `RET//NOFORN`, `anna.schmidt` + `@example.de`, a key or a base64 run cut over two or more parts
 * are data all the same. The texts are glued in order (each one whole, or its first and last {@link junctionReach}
 * characters when longer) and scanned once; what the scan finds inside one text that the text's own scan found too
 * is left out, and what merely extends a finding of the same kind (and, for markings, the same reading) that its first text has
 * on its own (`a@example.com.` + `Thanks`) is not a new finding (see {@link extensionOf}). A junction finding may overlap findings of the
 * texts otherwise (`+1 20` + `1 555 0100 (415) 555-2671`); redaction then takes them as one value.
 * @param inText the per-text findings, `inText[i]` for `texts[i]`
 * @param running which texts a model reads as running text (message and part texts, not keys, names or identifiers):
 *   only those are glued, each to the next such text; all when not given
 * @param readFirst which texts a provider reads before the others (a `system` prompt the body has after its
 *   `messages`): they are glued first, so a split finding's pieces come in reading order, not always in text order
 */
export function junctionFindings(texts: readonly string[], inText: readonly (readonly Finding[])[], running?: readonly boolean[], readFirst?: readonly boolean[]): JunctionFinding[] {
  if (texts.length < 2) return [];
  const segments: Segment[] = [];
  const gaps: Span[] = [];
  let joined = '';
  const add = (text: number, from: number, length: number): void => {
    segments.push({ text, from, at: joined.length, length });
    joined += (texts[text] as string).slice(from, from + length);
  };
  for (const index of readingOrder(texts.length, readFirst)) {
    const length = (texts[index] as string).length;
    if (length === 0 || running?.[index] === false) continue;
    if (length <= 2 * junctionReach) {
      add(index, 0, length);
      continue;
    }
    add(index, 0, junctionReach);
    gaps.push({ start: joined.length, end: joined.length + gap.length });
    joined += gap;
    add(index, length - junctionReach, junctionReach);
  }
  if (segments.length < 2) return [];

  const junctions: number[] = [];
  for (let index = 1; index < segments.length; index++) {
    if (segments[index]!.text !== segments[index - 1]!.text) junctions.push(segments[index]!.at);
  }
  const found: JunctionFinding[] = [];
  for (const detected of detectFindings(joined)) {
    const finding = clipAtGaps(detected, gaps, junctions);
    if (finding === undefined) continue;
    const pieces = piecesOf(finding, segments);
    const { start: _start, end: _end, ...rest } = finding;
    if (pieces.length === 1) {
      if (!foundAlready(finding, pieces[0]!, inText)) found.push({ finding: rest, pieces, counted: true });
      continue;
    }
    const extension = extensionOf(finding, pieces, texts, inText);
    if (extension !== 'merely') found.push({ finding: rest, pieces, counted: extension === 'new' });
  }
  return found;
}

/** The texts' indexes in the order a provider reads them: those it reads first, then the others, each in text order. */
function readingOrder(count: number, readFirst: readonly boolean[] | undefined): number[] {
  const order: number[] = [];
  if (readFirst?.includes(true)) for (let index = 0; index < count; index++) if (readFirst[index] === true) order.push(index);
  for (let index = 0; index < count; index++) if (readFirst?.[index] !== true) order.push(index);
  return order;
}

/**
 * A finding that runs into the gap between the head and the tail of a long text (a key cut in its header, whose body
 * fills the next text) cut back to the stretch between gaps that holds a junction; undefined when none does.
 */
function clipAtGaps(finding: Finding, gaps: readonly Span[], junctions: readonly number[]): Finding | undefined {
  const inside = gaps.filter((inGap) => finding.start < inGap.end && finding.end > inGap.start);
  if (inside.length === 0) return finding;
  let start = finding.start;
  for (const inGap of [...inside, { start: finding.end, end: finding.end }]) {
    const end = Math.min(inGap.start, finding.end);
    if (junctions.some((junction) => junction > start && junction < end)) return { ...finding, start, end };
    start = Math.max(inGap.end, start);
  }
  return undefined;
}

/** The pieces of a finding of the joined string, one per text it covers (neighbouring stretches of one text merge). */
function piecesOf(finding: Span, segments: readonly Segment[]): JunctionPiece[] {
  const pieces: JunctionPiece[] = [];
  for (const segment of segments) {
    const start = Math.max(finding.start, segment.at);
    const end = Math.min(finding.end, segment.at + segment.length);
    if (start >= end) continue;
    const piece = { text: segment.text, start: segment.from + start - segment.at, end: segment.from + end - segment.at };
    const last = pieces[pieces.length - 1];
    if (last !== undefined && last.text === piece.text) last.end = piece.end;
    else pieces.push(piece);
  }
  return pieces;
}

/**
 * Whether what the glued reading finds inside one text, its text's own scan found too (a detector reads a value in
 * its context: `0100 536-22-1234` cut from a phone number reads differently than the whole).
 */
function foundAlready(finding: Finding, piece: JunctionPiece, inText: readonly (readonly Finding[])[]): boolean {
  return (inText[piece.text] ?? []).some(
    (other) =>
      other.kind === finding.kind &&
      other.start < piece.end &&
      other.end > piece.start &&
      (finding.marking === undefined || other.marking?.canonical === finding.marking.canonical),
  );
}

/**
 * How a junction finding relates to a finding of the same kind (and reading) that its first text has on its own:
 * `merely` when that finding ends before its text does (`a@example.com.` + `Thanks`, read as one address: the
 * text's own finding stands for it), and for addresses always; `continues` when it runs to the end of its text
 * (`Use sk-proj-Ab3d` + `Ef6h...`, `10.20.30.4` + `0`: the value goes on in the next text, so it is kept whole,
 * counted once); `new` otherwise. One that reaches back into a text from within it (`Write to anna.` + `schmidt@example.de`) is new.
 */
function extensionOf(finding: Finding, pieces: readonly JunctionPiece[], texts: readonly string[], inText: readonly (readonly Finding[])[]): 'merely' | 'continues' | 'new' {
  const first = pieces[0]!;
  const own = (inText[first.text] ?? []).filter(
    (other) =>
      other.kind === finding.kind &&
      other.start < first.end &&
      other.end > first.start &&
      (finding.marking === undefined || other.marking?.canonical === finding.marking.canonical),
  );
  if (own.length === 0) return 'new';
  // An address cannot tell `a@example.co` + `m.au` from `a@example.com` + `now` (a turn that follows one): it stays
  // as its text has it. Keys and numbers go on.
  if (finding.kind === 'email') return 'merely';
  return own.some((other) => other.end >= (texts[first.text] as string).length) ? 'continues' : 'merely';
}
