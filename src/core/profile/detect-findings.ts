import { detectors, type Detector } from './detectors.ts';
import type { Finding } from './finding.ts';

for (const detector of detectors) {
  if (new RegExp(`${detector.pattern}|`).exec('')?.length !== 1) {
    throw new Error(`detector ${detector.kind}: its pattern must not contain capturing groups`);
  }
}

/** All detectors in one expression, each alternative one group: one scan finds every candidate. */
const combined = new RegExp(detectors.map((detector) => `(${detector.pattern})`).join('|'), 'g');
/** Each detector alone, anchored: tried where an earlier detector's candidate was rejected. */
const anchored = detectors.map((detector) => new RegExp(detector.pattern, 'y'));

function accept(index: number, text: string, start: number, end: number, floor: number): Finding | undefined {
  const detector = detectors[index] as Detector;
  const span = detector.accept === undefined ? { start, end } : detector.accept(text, start, end);
  if (span === undefined || span.end <= span.start) return undefined;
  return { kind: detector.kind, start: Math.max(span.start, floor), end: span.end };
}

/** Where a candidate was rejected, the later detectors get their turn at the same position. */
function fallback(text: string, start: number, after: number, floor: number): Finding | undefined {
  for (let index = after; index < anchored.length; index++) {
    const pattern = anchored[index] as RegExp;
    pattern.lastIndex = start;
    const match = pattern.exec(text);
    if (match === null) continue;
    const finding = accept(index, text, start, start + match[0].length, floor);
    if (finding !== undefined) return finding;
  }
  return undefined;
}

/**
 * Finds personal data, credentials and classification markings in `text` in one scan of one precompiled
 * expression; each candidate is then checked (checksums, allocation rules, context). Findings come in order and
 * do not overlap; each is a kind and a position, never the value. Never throws.
 */
export function detectFindings(text: string): Finding[] {
  const findings: Finding[] = [];
  const pattern = combined;
  let floor = 0;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const start = match.index;
    let group = 1;
    while (match[group] === undefined) group++;
    const finding = accept(group - 1, text, start, start + match[0].length, floor) ?? fallback(text, start, group, floor);
    if (finding === undefined) {
      pattern.lastIndex = (detectors[group - 1] as Detector).opaque ? start + match[0].length : start + 1;
      continue;
    }
    findings.push(finding);
    floor = finding.end;
    pattern.lastIndex = finding.end;
  }
  pattern.lastIndex = 0;
  return findings;
}
