import type { Classification } from '../catalog/catalog-schema.ts';
import { classificationRank, parseDeclaredClassification } from './classification-level.ts';
import type { DataProfile, KindCount, TextFinding } from './data-profile.ts';
import { normaliseLabels, normaliseResidency, type DeclaredProfile } from './declared-profile.ts';
import { detectFindings } from './detect-findings.ts';
import { personalDataKinds, secretKinds, type Finding, type FindingKind, type PersonalDataKind, type SecretKind } from './finding.ts';
import { junctionFindings } from './junction-findings.ts';

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
 * what the client and the tenant declared; what runs over adjacent texts is found too (see `junctionFindings`), as
 * pieces with a shared `split` number. A declared level can raise the classification the markings give,
 * never lower it: declaring UNCLASSIFIED on a text marked SECRET leaves it SECRET. An unknown declared level is
 * refused with `invalid_request`.
 * @param declared what the request declares, usually from {@link parseDeclaredHeaders}
 * @param tenantDefaults what the tenant's configuration declares for every request
 * @param running which texts are prose read one after the other (from `bodyTexts`); all of them when not given
 * @param readFirst which texts a provider reads before the others (from `bodyTexts`), glued first
 */
export function profileText(texts: string[], declared: DeclaredProfile = {}, tenantDefaults: DeclaredProfile = {}, running?: readonly boolean[], readFirst?: readonly boolean[]): DataProfile {
  const findings: TextFinding[] = [];
  const counts = new Map<FindingKind, number>();
  const markings = new Set<string>();
  const caveats = new Set<string>();
  let detected = 'UNCLASSIFIED' as Classification;
  const note = (finding: Finding): void => {
    counts.set(finding.kind, (counts.get(finding.kind) ?? 0) + 1);
    const marking = finding.marking;
    if (marking === undefined) return;
    markings.add(marking.canonical);
    for (const caveat of marking.caveats) caveats.add(caveat);
    if (classificationRank(marking.level) > classificationRank(detected)) detected = marking.level;
  };
  const perText: Finding[][] = [];
  // A request repeats many texts (tool-call ids, argument keys, history resent): each distinct text is read once.
  const readAlready = new Map<string, Finding[]>();
  for (let index = 0; index < texts.length; index++) {
    const text = texts[index] as string;
    let inText = readAlready.get(text);
    if (inText === undefined) readAlready.set(text, (inText = detectFindings(text)));
    perText.push(inText);
    for (const finding of inText) {
      findings.push({ ...finding, text: index });
      note(finding);
    }
  }
  const ownFindings = findings.length;
  let split = 0;
  for (const { finding, pieces, counted } of junctionFindings(texts, perText, running, readFirst)) {
    if (counted) note({ ...finding, start: 0, end: 0 });
    if (pieces.length === 1) {
      findings.push({ ...finding, ...pieces[0]! });
      continue;
    }
    split++;
    for (const piece of pieces) findings.push({ ...finding, ...piece, split });
  }
  if (findings.length > ownFindings) yieldToJunctionFindings(findings, ownFindings);

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

/**
 * A value that runs across a junction starts in an earlier text, so in the texts as the model reads them it comes
 * first, and a finding of one text that starts inside its piece starts where the piece ends, as within one text
 * (`+44 20 7946 0958` then `person1@example.invalid`, not `0958person1@example.invalid`). Only the start moves:
 * together they cover what they covered, and the shorter value is the one found again elsewhere in the request.
 */
function yieldToJunctionFindings(findings: TextFinding[], ownFindings: number): void {
  for (let junction = ownFindings; junction < findings.length; junction++) {
    const piece = findings[junction]!;
    for (let own = 0; own < ownFindings; own++) {
      const finding = findings[own]!;
      if (finding.text === piece.text && finding.start >= piece.start && finding.start < piece.end && finding.end > piece.end) {
        findings[own] = { ...finding, start: piece.end };
      }
    }
  }
}
