/** Float32 rounding: the cosine of two identical unit vectors may come out a few 1e-7 below 1. */
const tolerance = 1e-6;
/** Whether a cosine similarity is a semantic match at `threshold`; the one comparison the cache and the bench use. */
export function meetsThreshold(similarity, threshold) {
    return similarity + tolerance >= threshold;
}
//# sourceMappingURL=meets-threshold.js.map