import { base64Runs } from './base64-runs.ts';
import { base64View, percentDecodedView, unescapedView } from './decoded-views.ts';
import { composeViews, identityView, type DetectionView } from './detection-view.ts';
import type { Finding } from './finding.ts';
import { normaliseForDetection } from './normalise-for-detection.ts';
import { scanFindings, type ScannedFinding } from './scan-findings.ts';

/**
 * Characters that send a text down the slow path: anything but printable ASCII (normalisation), and `%`, `\`
 * and `&`, which start percent-encoding, escapes and character references (decoding).
 */
const needsViews = /[^\t\n\r\x20-\x24\x27-\x5B\x5D-\x7E]/;
/** How many times a decoded text is decoded again (base64 of percent-encoding, escapes inside base64). */
const deepestDecoding = 2;
/** The most characters decoded views of one text may add up to, as a multiple of its length (plus a floor). */
const decodingBudget = (length: number) => 4 * length + 65_536;

/** Findings of every view of one text, in the text's positions (the same finding seen in two views is dropped by {@link finish}). */
class FindingCollector {
  readonly all: ScannedFinding[] = [];
  /** Characters given to the detectors, over every view: the work of one call (see {@link detectionWork}). */
  scanned = 0;
  views = 0;

  add(found: readonly ScannedFinding[], view: DetectionView): void {
    for (const finding of found) {
      const span = view.source(finding.start, finding.end);
      const mapped: ScannedFinding = { kind: finding.kind, start: span.start, end: span.end };
      if (finding.marking !== undefined) mapped.marking = finding.marking;
      if (finding.weak === true) mapped.weak = true;
      this.all.push(mapped);
    }
  }
}

/** Drops weak markings unless a text has another marking, orders findings by position and keeps each once. */
function finish(found: ScannedFinding[]): Finding[] {
  let weak = false;
  let strong = false;
  for (let index = 0; index < found.length; index++) {
    const finding = found[index] as ScannedFinding;
    if (finding.weak === true) weak = true;
    else if (finding.kind === 'classification-marking') strong = true;
  }
  let findings: Finding[] = found;
  if (weak) {
    findings = [];
    for (const { weak: isWeak, ...finding } of found) if (isWeak !== true || strong) findings.push(finding);
  }
  if (findings.length < 2) return findings;
  findings.sort((first, second) => first.start - second.start || first.end - second.end || (first.kind < second.kind ? -1 : first.kind > second.kind ? 1 : 0));
  const unique: Finding[] = [];
  for (const finding of findings) {
    const previous = unique[unique.length - 1];
    if (previous !== undefined && previous.start === finding.start && previous.end === finding.end && previous.kind === finding.kind) continue;
    unique.push(finding);
  }
  return unique;
}

/**
 * Scans a view (normalised first) and, up to {@link deepestDecoding} levels, what decodes out of it. `runs` are
 * the view's base64 runs when the caller found them already.
 */
function scanView(view: DetectionView, depth: number, collector: FindingCollector, budget: { left: number }, runs?: number[]): void {
  const normalised = normaliseForDetection(view.text);
  const read = normalised === undefined ? view : depth === 0 ? normalised : composeViews(normalised, view);
  collector.scanned += read.text.length;
  collector.views++;
  collector.add(scanFindings(read.text), read);
  if (depth >= deepestDecoding) return;
  const decoded: DetectionView[] = [];
  const text = read.text;
  const unescaped = text.includes('\\') || text.includes('&') ? unescapedView(text) : undefined;
  if (unescaped !== undefined) decoded.push(unescaped);
  const percent = percentDecodedView(text);
  if (percent !== undefined) decoded.push(percent);
  const base64 = base64View(text, normalised === undefined && runs !== undefined ? runs : base64Runs(text));
  if (base64 !== undefined) decoded.push(base64);
  for (const inner of decoded) {
    budget.left -= inner.text.length;
    if (budget.left < 0) return;
    scanView(composeViews(inner, read), depth + 1, collector, budget);
  }
}

/**
 * Finds personal data, credentials and classification markings in `text`, also where they are hidden: text that
 * is not plain printable ASCII is read as the detectors should see it (see `normaliseForDetection`: compatibility
 * forms, invisible characters, look-alikes), and escapes, character references, percent-encoding and base64 runs
 * are decoded and scanned too, two levels deep at most and within a budget of decoded characters (a finding in a
 * decoded text covers what encodes it, an encoded run as a whole). Printable ASCII without `%`, `\`, `&` or a
 * base64 run takes the fast path: one scan. Findings come in order of position in `text` as given, each a kind
 * and a span (never the value), and may overlap. Never throws.
 */
export function detectFindings(text: string): Finding[] {
  return detectionWork(text).findings;
}

/**
 * {@link detectFindings} with the work it took: how many characters the detectors were given over every view of
 * `text` (normalised, decoded, decoded again) and how many views there were. Work that grows faster than the
 * text would show here first; the tests bound it for adversarial inputs without timing anything.
 */
export function detectionWork(text: string): { findings: Finding[]; scanned: number; views: number } {
  const runs = needsViews.test(text) ? undefined : base64Runs(text);
  if (runs?.length === 0) return { findings: finish(scanFindings(text)), scanned: text.length, views: 1 };
  const collector = new FindingCollector();
  scanView(identityView(text), 0, collector, { left: decodingBudget(text.length) }, runs);
  return { findings: finish(collector.all), scanned: collector.scanned, views: collector.views };
}
