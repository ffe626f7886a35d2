import type { DetectionView } from './detection-view.ts';
import type { Finding } from './finding.ts';
import { normaliseForDetection } from './normalise-for-detection.ts';
import { scanFindings, type ScannedFinding } from './scan-findings.ts';

/** Findings of every view of one text, in the text's positions, each once. */
class FindingCollector {
  private readonly findings: ScannedFinding[] = [];
  private readonly seen = new Set<string>();
  private strongMarking = false;

  add(found: ScannedFinding, view?: DetectionView): void {
    const span = view === undefined ? found : view.source(found.start, found.end);
    const key = `${found.kind}:${span.start}:${span.end}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const finding: ScannedFinding = { kind: found.kind, start: span.start, end: span.end };
    if (found.marking !== undefined) finding.marking = found.marking;
    if (found.weak === true) finding.weak = true;
    else if (found.kind === 'classification-marking') this.strongMarking = true;
    this.findings.push(finding);
  }

  result(): Finding[] {
    const findings: Finding[] = [];
    for (const { weak, ...finding } of this.findings) if (weak !== true || this.strongMarking) findings.push(finding);
    return findings.sort((first, second) => first.start - second.start || first.end - second.end);
  }
}

/**
 * Finds personal data, credentials and classification markings in `text`. Text that is not plain printable ASCII
 * is first read as the detectors should see it (see `normaliseForDetection`: compatibility forms, invisible
 * characters, look-alikes). Findings come in order of position in `text` as given, each a kind and a span
 * (never the value), and may overlap (a marking and what its caveats contain). Never throws.
 */
export function detectFindings(text: string): Finding[] {
  const collector = new FindingCollector();
  const normalised = normaliseForDetection(text);
  if (normalised === undefined) scanFindings(text, (finding) => collector.add(finding));
  else scanFindings(normalised.text, (finding) => collector.add(finding, normalised));
  return collector.result();
}
