import { compileDetectors } from './compile-detectors.ts';
import type { Detector } from './detector.ts';
import { detectorPasses } from './detectors.ts';
import type { Finding } from './finding.ts';

for (const detector of detectorPasses.flat()) {
  if (new RegExp(`${detector.pattern}|`).exec('')?.length !== 1) {
    throw new Error(`detector ${detector.kind}: its pattern must not contain capturing groups`);
  }
}

/** A finding as one scan reports it; `weak` ones count only beside another marking (see `Accepted.weak`). */
export interface ScannedFinding extends Finding {
  weak?: boolean;
}

const markingKind = 'classification-marking';

/** One pass: its detectors joined in one expression (see `compileDetectors`), and each alone, anchored. */
interface Pass {
  detectors: readonly Detector[];
  pattern: RegExp;
  detectorOfGroup: Int16Array;
  anchored: RegExp[];
}

const passes: Pass[] = detectorPasses.map((detectors) => ({
  detectors,
  ...compileDetectors(detectors),
  anchored: detectors.map((detector) => new RegExp(detector.pattern, 'y')),
}));

/** Where a pass stands: the end of the last finding other than a marking, and of the last marking. */
interface ScanState {
  floor: number;
  markingEnd: number;
}

function accept(pass: Pass, index: number, text: string, start: number, end: number, state: ScanState): ScannedFinding | undefined {
  const detector = pass.detectors[index] as Detector;
  const accepted = detector.accept === undefined ? { start, end } : detector.accept(text, start, end);
  if (accepted === undefined || accepted.end <= accepted.start) return undefined;
  const kind = 'kind' in accepted && accepted.kind !== undefined ? accepted.kind : detector.kind;
  if (kind === markingKind) {
    // One marking at a time: a second reading of the same marking (its `//` seen again) is not another one.
    if (accepted.start < state.markingEnd) return undefined;
    const finding: ScannedFinding = { kind, start: accepted.start, end: accepted.end };
    if ('marking' in accepted && accepted.marking !== undefined) finding.marking = accepted.marking;
    if ('weak' in accepted && accepted.weak === true) finding.weak = true;
    return finding;
  }
  return { kind, start: Math.max(accepted.start, state.floor), end: accepted.end };
}

/** Where a candidate was rejected, the later detectors of the pass get their turn at the same position. */
function fallback(pass: Pass, text: string, start: number, after: number, state: ScanState): ScannedFinding | undefined {
  for (let index = after; index < pass.anchored.length; index++) {
    const pattern = pass.anchored[index] as RegExp;
    pattern.lastIndex = start;
    const match = pattern.exec(text);
    if (match === null) continue;
    const finding = accept(pass, index, text, start, start + match[0].length, state);
    if (finding !== undefined) return finding;
  }
  return undefined;
}

function scanPass(pass: Pass, text: string, found: ScannedFinding[]): void {
  const pattern = pass.pattern;
  const state: ScanState = { floor: 0, markingEnd: 0 };
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const start = match.index;
    let group = 1;
    while (match[group] === undefined) group++;
    const index = pass.detectorOfGroup[group] as number;
    // Inside the marking just found, another marking detector only sees the same marking again.
    const again = start < state.markingEnd && (pass.detectors[index] as Detector).kind === markingKind;
    const finding = again ? undefined : (accept(pass, index, text, start, start + match[0].length, state) ?? fallback(pass, text, start, index + 1, state));
    if (finding === undefined) {
      pattern.lastIndex = (pass.detectors[index] as Detector).opaque ? start + match[0].length : start + 1;
      continue;
    }
    found.push(finding);
    if (finding.kind === markingKind) {
      state.markingEnd = finding.end;
      pattern.lastIndex = start + 1;
    } else {
      state.floor = finding.end;
      pattern.lastIndex = finding.end;
    }
  }
  pattern.lastIndex = 0;
}

/**
 * Scans `text` with every detector, in a few passes of one precompiled expression each; each candidate is then
 * checked (checksums, allocation rules, where a marking stands). Within a pass, findings other than markings do
 * not overlap one another; a marking may overlap them (after a marking the scan goes on inside it, so what its
 * caveats contain is found too), and findings of different passes may overlap. Findings come pass by pass, each
 * pass in order of position. Never throws.
 */
export function scanFindings(text: string): ScannedFinding[] {
  const found: ScannedFinding[] = [];
  for (const pass of passes) scanPass(pass, text, found);
  return found;
}
