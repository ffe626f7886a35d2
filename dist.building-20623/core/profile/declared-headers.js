import { parseDeclaredClassification } from "./classification-level.js";
import { normaliseLabels, normaliseResidency } from "./declared-profile.js";
export const classificationHeader = 'x-sovereign-classification';
export const residencyHeader = 'x-sovereign-residency';
export const labelsHeader = 'x-sovereign-labels';
function header(headers, name) {
    const direct = headers[name];
    if (direct !== undefined)
        return direct;
    for (const key of Object.keys(headers))
        if (key.toLowerCase() === name)
            return headers[key];
    return undefined;
}
/**
 * Reads the declaration headers: `x-sovereign-classification` (a level, optionally with `//` caveats),
 * `x-sovereign-residency` (one country code or group name) and `x-sovereign-labels` (comma-separated).
 * Header names are matched case-insensitively; empty headers count as absent. Invalid values are refused with
 * `invalid_request` naming the header, so a typo never silently drops a declaration.
 */
export function parseDeclaredHeaders(headers) {
    const declared = {};
    const classification = header(headers, classificationHeader)?.trim();
    if (classification) {
        parseDeclaredClassification(classification, classificationHeader);
        declared.classification = classification;
    }
    const residency = header(headers, residencyHeader)?.trim();
    if (residency)
        declared.residency = normaliseResidency(residency, residencyHeader);
    const labels = header(headers, labelsHeader)?.trim();
    if (labels)
        declared.labels = normaliseLabels(labels.split(','), labelsHeader);
    return declared;
}
//# sourceMappingURL=declared-headers.js.map