import { classificationRank } from "./classification-level.js";
/** Combines the inherited profiles of several turns: the highest level, and every caveat, requirement and label. */
export function combineInherited(profiles) {
    let classification = 'UNCLASSIFIED';
    const caveats = new Set();
    const residency = new Set();
    const labels = new Set();
    for (const profile of profiles) {
        if (classificationRank(profile.classification) > classificationRank(classification))
            classification = profile.classification;
        for (const caveat of profile.caveats)
            caveats.add(caveat);
        for (const requirement of profile.residency)
            residency.add(requirement);
        for (const label of profile.labels)
            labels.add(label);
    }
    return { classification, caveats: [...caveats], residency: [...residency], labels: [...labels] };
}
/**
 * Holds a turn's profile to what the conversation it continues carried: a stored classified answer keeps the
 * follow-up at its level (source `inherited` when that raised it), and its residency requirements and labels hold.
 * Like a declaration, it can raise the level, never lower it.
 */
export function inheritProfile(profile, inherited) {
    const raised = classificationRank(inherited.classification) > classificationRank(profile.classification);
    return {
        ...profile,
        ...(raised ? { classification: inherited.classification, classificationSource: 'inherited' } : {}),
        caveats: [...new Set([...profile.caveats, ...inherited.caveats])],
        residency: [...new Set([...profile.residency, ...inherited.residency])],
        labels: [...new Set([...profile.labels, ...inherited.labels])],
    };
}
//# sourceMappingURL=inherit-profile.js.map