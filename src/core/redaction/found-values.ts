import type { TextFinding } from '../profile/data-profile.ts';
import type { FindingKind, Span } from '../profile/finding.ts';
import { PatternAutomaton } from './pattern-automaton.ts';

/** A range of one of the texts. */
export interface TextSpan extends Span {
  text: number;
}

/** One value to replace: its kind, its text, and where it stands (one piece, or one per text it runs over). */
export interface FoundValue {
  kind: FindingKind;
  value: string;
  pieces: TextSpan[];
}

/**
 * The values behind a profile's findings, each as its pieces: overlapping findings become one value (the kind of
 * the first), and a finding split over adjacent texts (pieces sharing a `split` number) is one value made of its
 * pieces joined, so `anna.schmidt` + `@example.de` is the address, never two fragments that would match text
 * elsewhere; whatever stands between its pieces (an id, an image of another part) is not part of it. Values are in
 * order of position (text, then offset); findings that merely touch stay apart.
 * With `everyOccurrence`, every other place a found value is written is one too, also where it runs over adjacent
 * texts (`536-2` + `2-1234`), for redaction.
 */
export function foundValues(texts: readonly string[], findings: readonly TextFinding[], options: { everyOccurrence?: boolean } = {}): FoundValue[] {
  const units: Array<{ kind: FindingKind; pieces: TextSpan[] }> = [];
  const splits = new Map<number, { kind: FindingKind; pieces: TextSpan[] }>();
  for (const finding of findings) {
    if (finding.end <= finding.start) continue;
    const piece = { text: finding.text, start: finding.start, end: finding.end };
    if (finding.split === undefined) {
      units.push({ kind: finding.kind, pieces: [piece] });
      continue;
    }
    const known = splits.get(finding.split);
    if (known === undefined) splits.set(finding.split, { kind: finding.kind, pieces: [piece] });
    else known.pieces.push(piece);
  }
  units.push(...splits.values());

  if (options.everyOccurrence === true) {
    // Each found value on its own, before overlapping ones merge: merged, it might be written nowhere else.
    const offsets: number[] = [];
    let total = 0;
    for (const text of texts) {
      offsets.push(total);
      total += text.length;
    }
    const joined = texts.join('');
    const kinds = new Map<string, FindingKind>();
    for (const unit of units) {
      const value = valueOf(texts, unit.pieces);
      if (value !== '' && !kinds.has(value)) kinds.set(value, unit.kind);
    }
    // One pass for every value at once (overlapping occurrences included, as `indexOf` from each next offset finds).
    const distinct = [...kinds];
    const search = new PatternAutomaton(distinct.map(([value]) => value));
    search.forEachMatch(joined, (pattern, end) => {
      units.push({ kind: distinct[pattern]![1], pieces: piecesOf(end - search.lengthOf(pattern), end, offsets, texts) });
    });
  }
  return mergeUnits(texts, units);
}

/** Whether a unit's pieces lie in distinct texts, not in text order: a split value read in another order. */
function inReadingOrder(pieces: readonly TextSpan[]): boolean {
  if (pieces.length < 2 || new Set(pieces.map((piece) => piece.text)).size !== pieces.length) return false;
  return pieces.some((piece, index) => index > 0 && piece.text < pieces[index - 1]!.text);
}

/** A value's text: its pieces joined in order. */
function valueOf(texts: readonly string[], pieces: readonly TextSpan[]): string {
  return pieces.map((piece) => (texts[piece.text] ?? '').slice(piece.start, piece.end)).join('');
}

/**
 * Units whose pieces overlap in a text become one (union-find over the pieces in order of position), with the kind
 * of the unit that starts first; each text's pieces of a merged value are merged where they overlap.
 */
function mergeUnits(texts: readonly string[], units: ReadonlyArray<{ kind: FindingKind; pieces: TextSpan[] }>): FoundValue[] {
  const parent = units.map((_, index) => index);
  const root = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index]!]!;
    return index;
  };
  const all: Array<TextSpan & { unit: number }> = [];
  units.forEach((unit, index) => {
    for (const piece of unit.pieces) all.push({ ...piece, unit: index });
  });
  all.sort((first, second) => first.text - second.text || first.start - second.start || second.end - first.end);
  let open: (TextSpan & { unit: number }) | undefined;
  for (const piece of all) {
    if (open !== undefined && open.text === piece.text && piece.start < open.end) {
      parent[root(piece.unit)] = root(open.unit);
      if (piece.end > open.end) open = piece;
    } else open = piece;
  }

  const groups = new Map<number, { kind: FindingKind; first: TextSpan; pieces: TextSpan[] }>();
  for (const piece of all) {
    const key = root(piece.unit);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { kind: units[piece.unit]!.kind, first: piece, pieces: [{ text: piece.text, start: piece.start, end: piece.end }] });
      continue;
    }
    const last = group.pieces[group.pieces.length - 1]!;
    if (last.text === piece.text && piece.start <= last.end) last.end = Math.max(last.end, piece.end);
    else group.pieces.push({ text: piece.text, start: piece.start, end: piece.end });
  }
  // A value that is one split finding alone keeps its pieces in the order it was read (a `system` prompt the body
  // has after its `messages` is read first, see `junctionFindings`): its first piece is where it starts.
  const alone = new Map<number, number>();
  for (const piece of all) {
    const key = root(piece.unit);
    const unit = alone.get(key);
    alone.set(key, unit === undefined || unit === piece.unit ? piece.unit : -1);
  }
  return [...groups]
    .sort(([, first], [, second]) => first.first.text - second.first.text || first.first.start - second.first.start)
    .map(([key, { kind, pieces }]) => {
      const unit = alone.get(key)!;
      const ordered = unit >= 0 && inReadingOrder(units[unit]!.pieces) ? units[unit]!.pieces.map((piece) => ({ ...piece })) : pieces;
      return { kind, value: valueOf(texts, ordered), pieces: ordered };
    });
}

/** A range of the joined texts as its pieces, one per text it covers (empty texts give none). */
function piecesOf(start: number, end: number, offsets: readonly number[], texts: readonly string[]): TextSpan[] {
  const pieces: TextSpan[] = [];
  // The last text starting at or before `start` (binary search), then on while texts start before `end`.
  let low = 0;
  let high = offsets.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((offsets[middle] as number) <= start) low = middle;
    else high = middle - 1;
  }
  for (let text = low; text < texts.length && (offsets[text] as number) < end; text++) {
    const from = offsets[text] as number;
    const to = from + (texts[text] as string).length;
    if (to <= start || from >= end || from === to) continue;
    pieces.push({ text, start: Math.max(start, from) - from, end: Math.min(end, to) - from });
  }
  return pieces;
}
