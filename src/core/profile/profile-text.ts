import type { Classification } from '../catalog/catalog-schema.ts';
import { classificationRank, parseDeclaredClassification } from './classification-level.ts';
import type { DataProfile, KindCount, TextFinding } from './data-profile.ts';
import { normaliseLabels, normaliseResidency, type DeclaredProfile } from './declared-profile.ts';
import { detectFindings } from './detect-findings.ts';
import { personalDataKinds, secretKinds, type Finding, type FindingKind, type PersonalDataKind, type SecretKind } from './finding.ts';

/** How far into each of two adjacent texts the junction scan reads. */
const junctionReach = 48;

/** Characters that go on a token across a junction: letters, digits and what joins addresses, keys and markings (not `.`, which ends sentences). */
function continuesToken(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 64 || code === 45 || code === 95 || code === 47 || code > 127;
}

/**
 * Findings that run across the junction of two adjacent texts (`SEC` + `RET//NOFORN`, `anna.schmidt` + `@example.de`,
 * a key split over two content parts): a provider reads adjacent parts and turns as one text, so a datum split over
 * them is found too. Read only where both sides go on a token, and only {@link junctionReach} characters each way.
 * Each finding comes back as its two pieces, one in each text.
 */
function junctionFindings(
  previous: string,
  next: string,
  index: number,
  found: { previous: readonly Finding[]; next: readonly Finding[] },
): Array<[TextFinding, TextFinding]> {
  if (previous.length === 0 || next.length === 0) return [];
  if (!continuesToken(previous.charCodeAt(previous.length - 1)) || !continuesToken(next.charCodeAt(0))) return [];
  const tail = previous.slice(-junctionReach);
  const cut = tail.length;
  const pairs: Array<[TextFinding, TextFinding]> = [];
  for (const finding of detectFindings(tail + next.slice(0, junctionReach))) {
    if (finding.start >= cut || finding.end <= cut) continue;
    const start = previous.length - cut + finding.start;
    const end = finding.end - cut;
    // A finding of either text that the junction merely extends (`a@example.com` + `now`) is not a new one.
    if (found.previous.some((other) => other.kind === finding.kind && other.end > start)) continue;
    if (found.next.some((other) => other.kind === finding.kind && other.start < end)) continue;
    const marking = finding.marking === undefined ? {} : { marking: finding.marking };
    pairs.push([
      { kind: finding.kind, start, end: previous.length, text: index - 1, ...marking },
      { kind: finding.kind, start: 0, end, text: index, ...marking },
    ]);
  }
  return pairs;
}

function counted<Kind extends FindingKind>(order: readonly Kind[], counts: Map<FindingKind, number>): Array<KindCount<Kind>> {
  const result: Array<KindCount<Kind>> = [];
  for (const kind of order) {
    const count = counts.get(kind);
    if (count !== undefined) result.push({ kind, count });
  }
  return result;
}

/**
 * Profiles the texts of one request (message contents, tool arguments and results, each one string) against
 * what the client and the tenant declared; what is split over two adjacent texts is found too (see
 * {@link junctionFindings}). A declared level can raise the classification the markings give,
 * never lower it: declaring UNCLASSIFIED on a text marked SECRET leaves it SECRET. An unknown declared level is
 * refused with `invalid_request`.
 * @param declared what the request declares, usually from {@link parseDeclaredHeaders}
 * @param tenantDefaults what the tenant's configuration declares for every request
 */
export function profileText(texts: string[], declared: DeclaredProfile = {}, tenantDefaults: DeclaredProfile = {}): DataProfile {
  const findings: TextFinding[] = [];
  const counts = new Map<FindingKind, number>();
  const markings = new Set<string>();
  const caveats = new Set<string>();
  let detected = 'UNCLASSIFIED' as Classification;
  const note = (finding: TextFinding): void => {
    counts.set(finding.kind, (counts.get(finding.kind) ?? 0) + 1);
    const marking = finding.marking;
    if (marking === undefined) return;
    markings.add(marking.canonical);
    for (const caveat of marking.caveats) caveats.add(caveat);
    if (classificationRank(marking.level) > classificationRank(detected)) detected = marking.level;
  };
  let previousFound: Finding[] = [];
  for (let index = 0; index < texts.length; index++) {
    const text = texts[index] as string;
    const inText = detectFindings(text);
    for (const finding of inText) {
      const found: TextFinding = { ...finding, text: index };
      findings.push(found);
      note(found);
    }
    const junction = index === 0 ? [] : junctionFindings(texts[index - 1] as string, text, index, { previous: previousFound, next: inText });
    previousFound = inText;
    for (const [before, after] of junction) {
      findings.push(before, after);
      note(before);
    }
  }

  let classification = detected;
  let classificationSource: DataProfile['classificationSource'] = 'detected';
  const sources: Array<[DeclaredProfile, 'declared' | 'tenant-default', string]> = [
    [declared, 'declared', 'classification'],
    [tenantDefaults, 'tenant-default', 'tenant default classification'],
  ];
  for (const [source, name, param] of sources) {
    if (source.classification === undefined) continue;
    const parsed = parseDeclaredClassification(source.classification, param);
    for (const caveat of parsed.caveats) caveats.add(caveat);
    if (classificationRank(parsed.level) > classificationRank(classification)) {
      classification = parsed.level;
      classificationSource = name;
    }
  }

  const residency = new Set<string>();
  if (tenantDefaults.residency !== undefined) residency.add(normaliseResidency(tenantDefaults.residency, 'tenant default residency'));
  if (declared.residency !== undefined) residency.add(normaliseResidency(declared.residency, 'residency'));

  return {
    classification,
    detectedClassification: detected,
    classificationSource,
    markings: [...markings],
    caveats: [...caveats],
    personalData: counted<PersonalDataKind>(personalDataKinds, counts),
    secrets: counted<SecretKind>(secretKinds, counts),
    findings,
    residency: [...residency],
    labels: normaliseLabels([...(tenantDefaults.labels ?? []), ...(declared.labels ?? [])], 'labels'),
  };
}
