import type { Span } from './finding.ts';

/**
 * A text the detectors scan in place of another (normalised, or decoded), with the way back: every finding in
 * the view maps to the span of the source text that produced it, so redaction replaces the right characters.
 */
export interface DetectionView {
  readonly text: string;
  /** The span of the source text that produced `text.slice(start, end)`; `start < end`. */
  source(start: number, end: number): Span;
}

/** The text itself: positions are the source's. */
export function identityView(text: string): DetectionView {
  return { text, source: (start, end) => ({ start, end }) };
}

/** A view of a view: positions go back through both. */
export function composeViews(inner: DetectionView, outer: DetectionView): DetectionView {
  return {
    text: inner.text,
    source(start, end) {
      const middle = inner.source(start, end);
      return outer.source(middle.start, middle.end);
    },
  };
}

/**
 * Builds a view piece by piece: `copy` keeps a run of the source as it is (positions map one to one), `replace`
 * puts text in place of a range of the source (every position of it maps to the whole range; empty text removes
 * the range). Pieces are added left to right and never overlap. Segments live in one growing typed array and the
 * text is concatenated as it goes, so building costs little more than the characters it copies.
 */
export class ViewBuilder {
  private text = '';
  /** Per segment, three numbers: where it starts in the view, where in the source, the source length (-1: copied run). */
  private segments = new Int32Array(48);
  private count = 0;
  /** The copied run not yet appended to `text` (copies of adjacent ranges extend it). */
  private pendingFrom = 0;
  private pendingTo = 0;
  private length = 0;

  constructor(private readonly sourceText: string) {}

  private segment(viewStart: number, sourceStart: number, sourceLength: number): void {
    if (this.count * 3 + 3 > this.segments.length) {
      const grown = new Int32Array(this.segments.length * 2);
      grown.set(this.segments);
      this.segments = grown;
    }
    const at = this.count * 3;
    this.segments[at] = viewStart;
    this.segments[at + 1] = sourceStart;
    this.segments[at + 2] = sourceLength;
    this.count++;
  }

  copy(from: number, to: number): void {
    if (to <= from) return;
    if (this.pendingTo > this.pendingFrom && this.pendingTo === from) {
      // Continues the copied run before it: one segment, one slice.
      this.pendingTo = to;
      this.length += to - from;
      return;
    }
    this.flush();
    this.segment(this.length, from, -1);
    this.pendingFrom = from;
    this.pendingTo = to;
    this.length += to - from;
  }

  private flush(): void {
    if (this.pendingTo > this.pendingFrom) this.text += this.sourceText.slice(this.pendingFrom, this.pendingTo);
    this.pendingFrom = this.pendingTo = 0;
  }

  replace(text: string, from: number, to: number): void {
    if (text === '') return;
    this.flush();
    this.segment(this.length, from, to - from);
    this.text += text;
    this.length += text.length;
  }

  /** The view's length so far. */
  get size(): number {
    return this.length;
  }

  build(): DetectionView {
    this.flush();
    const segments = this.segments;
    const last = this.count - 1;
    const segmentOf = (position: number): number => {
      let low = 0;
      let high = last;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if ((segments[middle * 3] as number) <= position) low = middle;
        else high = middle - 1;
      }
      return low * 3;
    };
    return {
      text: this.text,
      source(start, end) {
        const first = segmentOf(start);
        const final = segmentOf(end - 1);
        const firstLength = segments[first + 2] as number;
        const finalLength = segments[final + 2] as number;
        return {
          start: (segments[first + 1] as number) + (firstLength === -1 ? start - (segments[first] as number) : 0),
          end: (segments[final + 1] as number) + (finalLength === -1 ? end - (segments[final] as number) : finalLength),
        };
      },
    };
  }
}
