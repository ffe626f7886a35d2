import { classificationRank, parseDeclaredClassification } from "./classification-level.js";
import { normaliseLabels, normaliseResidency } from "./declared-profile.js";
import { detectFindings } from "./detect-findings.js";
import { personalDataKinds, secretKinds } from "./finding.js";
function counted(order, counts) {
    const result = [];
    for (const kind of order) {
        const count = counts.get(kind);
        if (count !== undefined)
            result.push({ kind, count });
    }
    return result;
}
/**
 * Profiles the texts of one request (message contents, tool arguments and results, each one string) against
 * what the client and the tenant declared. A declared level can raise the classification the markings give,
 * never lower it: declaring UNCLASSIFIED on a text marked SECRET leaves it SECRET. An unknown declared level is
 * refused with `invalid_request`.
 * @param declared what the request declares, usually from {@link parseDeclaredHeaders}
 * @param tenantDefaults what the tenant's configuration declares for every request
 */
export function profileText(texts, declared = {}, tenantDefaults = {}) {
    const findings = [];
    const counts = new Map();
    const markings = new Set();
    const caveats = new Set();
    let detected = 'UNCLASSIFIED';
    for (let index = 0; index < texts.length; index++) {
        const text = texts[index];
        for (const finding of detectFindings(text)) {
            findings.push({ ...finding, text: index });
            counts.set(finding.kind, (counts.get(finding.kind) ?? 0) + 1);
            const marking = finding.marking;
            if (marking === undefined)
                continue;
            markings.add(marking.canonical);
            for (const caveat of marking.caveats)
                caveats.add(caveat);
            if (classificationRank(marking.level) > classificationRank(detected))
                detected = marking.level;
        }
    }
    let classification = detected;
    let classificationSource = 'detected';
    const sources = [
        [declared, 'declared', 'classification'],
        [tenantDefaults, 'tenant-default', 'tenant default classification'],
    ];
    for (const [source, name, param] of sources) {
        if (source.classification === undefined)
            continue;
        const parsed = parseDeclaredClassification(source.classification, param);
        for (const caveat of parsed.caveats)
            caveats.add(caveat);
        if (classificationRank(parsed.level) > classificationRank(classification)) {
            classification = parsed.level;
            classificationSource = name;
        }
    }
    const residency = new Set();
    if (tenantDefaults.residency !== undefined)
        residency.add(normaliseResidency(tenantDefaults.residency, 'tenant default residency'));
    if (declared.residency !== undefined)
        residency.add(normaliseResidency(declared.residency, 'residency'));
    return {
        classification,
        detectedClassification: detected,
        classificationSource,
        markings: [...markings],
        caveats: [...caveats],
        personalData: counted(personalDataKinds, counts),
        secrets: counted(secretKinds, counts),
        findings,
        residency: [...residency],
        labels: normaliseLabels([...(tenantDefaults.labels ?? []), ...(declared.labels ?? [])], 'labels'),
    };
}
//# sourceMappingURL=profile-text.js.map