import type { TextFinding } from '../profile/data-profile.ts';
import type { FindingKind, Span } from '../profile/finding.ts';

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
 * elsewhere. Values are in order of position (text, then offset); findings that merely touch stay apart.
 * With `everyOccurrence`, every other place a found value is written is one too, also where it runs over adjacent
 * texts (`536-2` + `2-1234`), for redaction.
 */
export function foundValues(texts: readonly string[], findings: readonly TextFinding[], options: { everyOccurrence?: boolean } = {}): FoundValue[] {
  const offsets: number[] = [];
  let total = 0;
  for (const text of texts) {
    offsets.push(total);
    total += text.length;
  }
  const at = (text: number, offset: number): number => (offsets[text] ?? total) + offset;

  const spans: Array<{ kind: FindingKind; start: number; end: number }> = [];
  const splits = new Map<number, { kind: FindingKind; start: number; end: number }>();
  for (const finding of findings) {
    const start = at(finding.text, finding.start);
    const end = at(finding.text, finding.end);
    if (finding.split === undefined) {
      spans.push({ kind: finding.kind, start, end });
      continue;
    }
    const known = splits.get(finding.split);
    if (known === undefined) splits.set(finding.split, { kind: finding.kind, start, end });
    else {
      known.start = Math.min(known.start, start);
      known.end = Math.max(known.end, end);
    }
  }
  spans.push(...splits.values());
  const joined = texts.join('');
  if (options.everyOccurrence === true) {
    // Each found value on its own, before overlapping ones merge: merged, it might be written nowhere else.
    const kinds = new Map<string, FindingKind>();
    for (const { kind, start, end } of [...spans]) {
      const value = joined.slice(start, end);
      if (!kinds.has(value)) kinds.set(value, kind);
    }
    for (const [value, kind] of kinds) {
      if (value === '') continue;
      for (let at = joined.indexOf(value); at !== -1; at = joined.indexOf(value, at + 1)) spans.push({ kind, start: at, end: at + value.length });
    }
  }
  return mergeSpans(spans).map(({ kind, start, end }) => ({ kind, value: joined.slice(start, end), pieces: piecesOf(start, end, offsets, texts) }));
}

/** Spans in order of position, overlapping ones merged (with the kind of the first); empty ones dropped. */
function mergeSpans(spans: Array<{ kind: FindingKind; start: number; end: number }>): Array<{ kind: FindingKind; start: number; end: number }> {
  spans.sort((first, second) => first.start - second.start || second.end - first.end);
  const merged: typeof spans = [];
  for (const span of spans) {
    if (span.end <= span.start) continue;
    const last = merged[merged.length - 1];
    if (last !== undefined && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      continue;
    }
    merged.push({ ...span });
  }
  return merged;
}

/** A range of the joined texts as its pieces, one per text it covers (empty texts give none). */
function piecesOf(start: number, end: number, offsets: readonly number[], texts: readonly string[]): TextSpan[] {
  const pieces: TextSpan[] = [];
  for (let text = 0; text < texts.length; text++) {
    const from = offsets[text] as number;
    const to = from + (texts[text] as string).length;
    if (to <= start || from >= end || from === to) continue;
    pieces.push({ text, start: Math.max(start, from) - from, end: Math.min(end, to) - from });
  }
  return pieces;
}
