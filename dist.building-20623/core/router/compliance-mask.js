import { maskOf } from "./candidate-index.js";
import { exportAllows } from "./routing-request.js";
const combinedCacheLimit = 1024;
function constraintMask(group, constraint) {
    let mask = group.constraintMasks.get(constraint);
    if (mask === undefined) {
        mask = maskOf(group.candidates, group.words, (candidate) => constraint.allows(candidate.facts));
        group.constraintMasks.set(constraint, mask);
    }
    return mask;
}
/**
 * Writes into `group.mask` the candidates that satisfy every constraint. Requests with the same matched
 * policies share one list of constraint objects in the same order, so the intersection is cached by a hash of
 * the constraint ids (checked against the ids, so a collision cannot mix lists up): in steady state this is one
 * map lookup and one copy, whatever the number of policies. A miss ANDs the per-constraint masks, each computed
 * once per (group, constraint).
 */
export function applyConstraints(group, constraints) {
    const { mask, words } = group;
    if (constraints.length === 0) {
        mask.set(group.full);
        return;
    }
    let hash = 0x811c9dc5 ^ constraints.length;
    for (let index = 0; index < constraints.length; index++)
        hash = Math.imul(hash ^ constraints[index].id, 0x01000193);
    const cached = group.combinedMasks.get(hash);
    if (cached !== undefined && cached.ids.length === constraints.length) {
        let same = true;
        for (let index = 0; index < constraints.length; index++) {
            if (cached.ids[index] !== constraints[index].id) {
                same = false;
                break;
            }
        }
        if (same) {
            mask.set(cached.mask);
            return;
        }
    }
    mask.set(group.full);
    for (const constraint of constraints) {
        const allowed = constraintMask(group, constraint);
        for (let word = 0; word < words; word++)
            mask[word] &= allowed[word];
    }
    if (group.combinedMasks.size >= combinedCacheLimit)
        group.combinedMasks.clear();
    group.combinedMasks.set(hash, { ids: Int32Array.from(constraints, (constraint) => constraint.id), mask: mask.slice() });
}
/** ANDs into `group.mask` the export-control mask for the principal's country (`''` when unknown). */
export function applyExportControl(group, country) {
    if (!group.exportControlled)
        return;
    let allowed = group.exportMasks.get(country);
    if (allowed === undefined) {
        allowed = maskOf(group.candidates, group.words, (candidate) => exportAllows(candidate, country));
        // Countries come from principals, a bounded set; the cap is a guard, not an expected limit.
        if (group.exportMasks.size < 512)
            group.exportMasks.set(country, allowed);
    }
    const { mask, words } = group;
    for (let word = 0; word < words; word++)
        mask[word] &= allowed[word];
}
/** ANDs a precomputed capability mask into `group.mask`. */
export function applyMask(group, allowed) {
    const { mask, words } = group;
    for (let word = 0; word < words; word++)
        mask[word] &= allowed[word];
}
//# sourceMappingURL=compliance-mask.js.map