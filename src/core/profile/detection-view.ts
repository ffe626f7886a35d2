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
 * the range). Pieces are added left to right and never overlap.
 */
export class ViewBuilder {
  private readonly pieces: string[] = [];
  private length = 0;
  /** Per segment: where it starts in the view, where in the source, and the source length (-1: copied run). */
  private readonly viewStarts: number[] = [];
  private readonly sourceStarts: number[] = [];
  private readonly sourceLengths: number[] = [];

  constructor(private readonly sourceText: string) {}

  copy(from: number, to: number): void {
    if (to <= from) return;
    const last = this.viewStarts.length - 1;
    const lastLength = last >= 0 ? this.sourceLengths[last] : 0;
    // Extend the previous copied run when this one continues it.
    if (!(last >= 0 && lastLength === -1 && (this.sourceStarts[last] as number) + (this.length - (this.viewStarts[last] as number)) === from)) {
      this.viewStarts.push(this.length);
      this.sourceStarts.push(from);
      this.sourceLengths.push(-1);
    }
    this.pieces.push(this.sourceText.slice(from, to));
    this.length += to - from;
  }

  replace(text: string, from: number, to: number): void {
    if (text === '') return;
    this.viewStarts.push(this.length);
    this.sourceStarts.push(from);
    this.sourceLengths.push(to - from);
    this.pieces.push(text);
    this.length += text.length;
  }

  /** The view's length so far. */
  get size(): number {
    return this.length;
  }

  build(): DetectionView {
    const viewStarts = Int32Array.from(this.viewStarts);
    const sourceStarts = Int32Array.from(this.sourceStarts);
    const sourceLengths = Int32Array.from(this.sourceLengths);
    const segmentOf = (position: number): number => {
      let low = 0;
      let high = viewStarts.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if ((viewStarts[middle] as number) <= position) low = middle;
        else high = middle - 1;
      }
      return low;
    };
    return {
      text: this.pieces.join(''),
      source(start, end) {
        const first = segmentOf(start);
        const last = segmentOf(end - 1);
        const firstLength = sourceLengths[first] as number;
        const lastLength = sourceLengths[last] as number;
        return {
          start: (sourceStarts[first] as number) + (firstLength === -1 ? start - (viewStarts[first] as number) : 0),
          end: (sourceStarts[last] as number) + (lastLength === -1 ? end - (viewStarts[last] as number) : lastLength),
        };
      },
    };
  }
}
