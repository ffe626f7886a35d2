import { capabilityAreaNames } from "./phrase-lexicon.js";
import { shapiroWilk } from "./shapiro-wilk.js";
import { hourOf, recordFlags } from "./subject-window.js";
import { interArrivalCv, median } from "./window-statistics.js";
const minimumTemplateQueries = 3;
const templateFrequency = 0.2;
/**
 * Shingle hashes present in at least a fifth of the queries (and at least three): the part of the prompts that
 * stays when the slots change. Frame sketches are bottom-k samples taken the same way for every prompt, so a
 * template shingle with a low hash is kept by every prompt that carries it.
 */
export function windowTemplate(queries) {
    const counts = new Map();
    for (const record of queries)
        for (const shingle of record.frame)
            counts.set(shingle, (counts.get(shingle) ?? 0) + 1);
    const threshold = Math.max(minimumTemplateQueries, Math.ceil(queries.length * templateFrequency));
    const template = [];
    for (const [shingle, count] of counts)
        if (count >= threshold)
            template.push(shingle);
    return Uint32Array.from(template).sort();
}
const isQuery = (record) => (record.flags & recordFlags.continuation) === 0;
/** Computes a subject's signals from its window's records (or from records pooled across a cluster's keys). */
export function computeFeatures(records, window, context) {
    const queries = records.filter(isQuery);
    const template = windowTemplate(queries);
    const templateSet = new Set(template);
    let templated = 0;
    let near = 0;
    let repeats = 0;
    let reasoning = 0;
    let rubric = 0;
    let novel = 0;
    const areaCounts = new Array(capabilityAreaNames.length).fill(0);
    for (const record of queries) {
        if (template.length > 0 && record.frame.some((shingle) => templateSet.has(shingle)))
            templated++;
        const repeat = (record.flags & recordFlags.repeat) !== 0;
        if (repeat)
            repeats++;
        else if (record.frameDistance <= 0.5)
            near++;
        if (record.flags & recordFlags.reasoning)
            reasoning++;
        if (record.flags & recordFlags.rubric)
            rubric++;
        if (record.contentSimilarity < 0.3)
            novel++;
        areaCounts[record.area]++;
    }
    // The most frequent area other than `general` (index 0); `general` itself when no other area occurs.
    let topArea = 0;
    for (let area = 1; area < areaCounts.length; area++)
        if (areaCounts[area] > (topArea === 0 ? 0 : areaCounts[topArea]))
            topArea = area;
    const answered = records.filter((record) => (record.flags & recordFlags.refused) === 0 && record.outputTokens > 0);
    const share = (count) => (queries.length === 0 ? 0 : count / queries.length);
    const times = records.map((record) => record.time);
    const pradaDistances = queries.map((record) => record.frameDistance).slice(1);
    const features = {
        records: records.length,
        queries: queries.length,
        requestsPerDay: window ? requestsPerDay(window, context.now) : records.length,
        activeHours: window ? activeHours(window, context.now) : 0,
        templateShare: share(templated),
        templateShingles: template.length,
        nearDuplicateShare: share(near),
        repeatShare: share(repeats),
        reasoningShare: share(reasoning),
        rubricShare: share(rubric),
        narrowness: topArea === 0 ? 0 : share(areaCounts[topArea]),
        topArea: capabilityAreaNames[topArea],
        novelty: share(novel),
        outputInputRatio: answered.length === 0 ? 0 : median(answered.map((record) => record.outputTokens / Math.max(1, record.inputTokens))),
        outputTokens: answered.length === 0 ? 0 : answered.reduce((sum, record) => sum + record.outputTokens, 0) / answered.length,
        interArrivalCv: interArrivalCv(times),
        pradaW: pradaDistances.length >= 12 ? shapiroWilk(pradaDistances).w : Number.NaN,
        releaseShift: window ? releaseShift(window, context) : 0,
        continuationShare: records.length === 0 ? 0 : (records.length - queries.length) / records.length,
    };
    return { features, template };
}
/** Requests in the last 24 hours, extrapolated to a day while the subject is younger than that. */
export function requestsPerDay(window, now) {
    const hour = Math.max(window.currentHour, hourOf(now));
    const lastDay = window.requestsBetween(hour - 23, hour + 1);
    const hoursSeen = Math.max(1, (Math.max(now, window.lastSeen) - window.firstSeen) / 3_600_000);
    return hoursSeen >= 24 ? lastDay : (lastDay * 24) / hoursSeen;
}
function activeHours(window, now) {
    const hour = Math.max(window.currentHour, hourOf(now));
    const span = Math.min(48, hour - hourOf(window.firstSeen) + 1);
    if (span < 6)
        return 0;
    let active = 0;
    for (let offset = 0; offset < span; offset++)
        if (window.requestsBetween(hour - offset, hour - offset + 1) > 0)
            active++;
    return active / span;
}
/**
 * The reaction to a release: for each model released in the last 72 hours (and at least an hour ago), the share
 * of the subject's requests in the day after the release that went to the new model, provided it sent at least
 * 10 requests in the day before (a new subject has no traffic to move) and 10 since. The highest such share.
 */
function releaseShift(window, context) {
    let highest = 0;
    const nowHour = hourOf(context.now);
    for (const release of context.releases) {
        const releaseHour = hourOf(release.at);
        if (nowHour - releaseHour < 1 || nowHour - releaseHour > 72)
            continue;
        const before = window.requestsBetween(releaseHour - 24, releaseHour);
        if (before < 10)
            continue;
        const end = Math.min(nowHour + 1, releaseHour + 24);
        const after = window.requestsBetween(releaseHour, end);
        if (after < 10)
            continue;
        highest = Math.max(highest, window.requestsBetween(releaseHour, end, release.model) / after);
    }
    return highest;
}
//# sourceMappingURL=subject-features.js.map