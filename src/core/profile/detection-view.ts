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
 * Builds a view piece by piece: `copy` keeps a run of the source as it is, `replace` puts text in place of a range of
 * the source (empty text removes the range). Where the view and the source run in step (copies, and replacements
 * as long as what they replace, such as a fullwidth letter by an ASCII one) positions map one to one, in one
 * segment however many pieces it has; elsewhere every position of a replacement maps to the whole range it
 * replaced. Pieces are added left to right and never overlap. Segments live in one growing typed array and
 * replaced characters are gathered as codes, so building costs about as much as the characters it writes.
 */
export class ViewBuilder {
  private readonly parts: string[] = [];
  /** Characters gathered (replacements and short copies), not yet turned into a string: `codes[0..gathered)`. */
  private codes = new Uint16Array(64);
  private gathered = 0;
  /** Per segment, three numbers: where it starts in the view, where in the source, the source length (-1: in step). */
  private segments = new Int32Array(24);
  private count = 0;
  private length = 0;
  /** Where the source stands after the last in-step segment (-1 when the last segment is not in step). */
  private inStepSourceEnd = -1;

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

  /** Starts an in-step segment at `from` unless the last one continues there. */
  private inStep(from: number, to: number): void {
    if (this.inStepSourceEnd !== from) this.segment(this.length, from, -1);
    this.inStepSourceEnd = to;
  }

  private gather(code: number): void {
    if (this.gathered === this.codes.length) {
      if (this.codes.length < 4096) {
        const grown = new Uint16Array(this.codes.length * 4);
        grown.set(this.codes);
        this.codes = grown;
      } else this.flushCodes();
    }
    this.codes[this.gathered++] = code;
  }

  private flushCodes(): void {
    if (this.gathered === 0) return;
    this.parts.push(String.fromCharCode.apply(null, this.codes.subarray(0, this.gathered) as unknown as number[]));
    this.gathered = 0;
  }

  copy(from: number, to: number): void {
    if (to <= from) return;
    this.inStep(from, to);
    if (to - from <= 8) {
      // Short copies between replacements (the space between two fullwidth words) join the gathered codes.
      for (let index = from; index < to; index++) this.gather(this.sourceText.charCodeAt(index));
    } else {
      this.flushCodes();
      this.parts.push(this.sourceText.slice(from, to));
    }
    this.length += to - from;
  }

  replace(text: string, from: number, to: number): void {
    if (text === '') {
      this.inStepSourceEnd = -1;
      return;
    }
    if (text.length === to - from) this.inStep(from, to);
    else {
      this.segment(this.length, from, to - from);
      this.inStepSourceEnd = -1;
    }
    if (text.length <= 4) for (let index = 0; index < text.length; index++) this.gather(text.charCodeAt(index));
    else {
      this.flushCodes();
      this.parts.push(text);
    }
    this.length += text.length;
  }

  /** The view's length so far. */
  get size(): number {
    return this.length;
  }

  build(): DetectionView {
    this.flushCodes();
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
      text: this.parts.join(''),
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
