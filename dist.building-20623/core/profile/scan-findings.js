import { compileDetectors } from "./compile-detectors.js";
import { detectorPasses } from "./detectors.js";
for (const detector of detectorPasses.flat()) {
    if (new RegExp(`${detector.pattern}|`).exec('')?.length !== 1) {
        throw new Error(`detector ${detector.kind}: its pattern must not contain capturing groups`);
    }
}
const markingKind = 'classification-marking';
const passes = detectorPasses.map((detectors) => ({
    detectors,
    ...compileDetectors(detectors),
    anchored: detectors.map((detector) => new RegExp(detector.pattern, 'y')),
}));
function accept(pass, index, text, start, end, state) {
    const detector = pass.detectors[index];
    const accepted = detector.accept === undefined ? { start, end } : detector.accept(text, start, end);
    if (accepted === undefined || accepted.end <= accepted.start)
        return undefined;
    const kind = 'kind' in accepted && accepted.kind !== undefined ? accepted.kind : detector.kind;
    if (kind === markingKind) {
        // One marking at a time: a second reading of the same marking (its `//` seen again) is not another one.
        if (accepted.start < state.markingEnd)
            return undefined;
        const finding = { kind, start: accepted.start, end: accepted.end };
        if ('marking' in accepted && accepted.marking !== undefined)
            finding.marking = accepted.marking;
        if ('weak' in accepted && accepted.weak === true)
            finding.weak = true;
        return finding;
    }
    return { kind, start: Math.max(accepted.start, state.floor), end: accepted.end };
}
/** Where a candidate was rejected, the later detectors of the pass get their turn at the same position. */
function fallback(pass, text, start, after, state) {
    for (let index = after; index < pass.anchored.length; index++) {
        const pattern = pass.anchored[index];
        pattern.lastIndex = start;
        const match = pattern.exec(text);
        if (match === null)
            continue;
        const finding = accept(pass, index, text, start, start + match[0].length, state);
        if (finding !== undefined)
            return finding;
    }
    return undefined;
}
function scanPass(pass, text, found) {
    const pattern = pass.pattern;
    const state = { floor: 0, markingEnd: 0 };
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        const start = match.index;
        let group = 1;
        while (match[group] === undefined)
            group++;
        const index = pass.detectorOfGroup[group];
        // Inside the marking just found, another marking detector only sees the same marking again.
        const again = start < state.markingEnd && pass.detectors[index].kind === markingKind;
        const finding = again ? undefined : (accept(pass, index, text, start, start + match[0].length, state) ?? fallback(pass, text, start, index + 1, state));
        if (finding === undefined) {
            pattern.lastIndex = pass.detectors[index].opaque ? start + match[0].length : start + 1;
            continue;
        }
        found.push(finding);
        if (finding.kind === markingKind) {
            state.markingEnd = finding.end;
            pattern.lastIndex = start + 1;
        }
        else {
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
export function scanFindings(text) {
    const found = [];
    for (const pass of passes)
        scanPass(pass, text, found);
    return found;
}
//# sourceMappingURL=scan-findings.js.map