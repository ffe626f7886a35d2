import { byCost, byLatency, byQuality, consider, costOf, latencyOf, offer, } from "./selection-state.js";
export { createSelectionState } from "./selection-state.js";
/** Groups smaller than this are scanned whole: a threshold scan only pays off over many candidates. */
const thresholdMinimum = 64;
const noneUnavailable = Object.freeze([]);
const ratio = (best, value) => (value <= best ? 1 : best / value);
function popcount(mask) {
    let count = 0;
    for (let word = 0; word < mask.length; word++) {
        let bits = mask[word] - ((mask[word] >>> 1) & 0x55555555);
        bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
        count += (Math.imul((bits + (bits >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
    }
    return count;
}
/**
 * Balanced: scores every eligible candidate (a threshold scan over five sorted lists measured no faster: cost,
 * latency and quality are too independent for early stops). One tight loop with everything in locals.
 */
function scanBalanced(state, group) {
    const { mask, words, inputPrices, outputPrices, ttft, perToken, qualities, contextWindows } = group;
    const { inputTokens, outputTokens, qualityFloor, checkContext, costWeight, latencyWeight, qualityWeight, minCost, minLatency } = state;
    const { primary, secondary, position: kept } = state;
    const last = state.size - 1;
    for (let word = 0; word < words; word++) {
        let bits = mask[word] | 0;
        while (bits !== 0) {
            const lowest = bits & -bits;
            bits ^= lowest;
            const position = (word << 5) + 31 - Math.clz32(lowest);
            if (checkContext && contextWindows[position] < inputTokens)
                continue;
            const quality = qualities[position];
            if (quality < qualityFloor)
                continue;
            const cost = inputTokens * inputPrices[position] + outputTokens * outputPrices[position];
            const latency = ttft[position] + outputTokens * perToken[position];
            const first = -(costWeight * (cost <= minCost ? 1 : minCost / cost) + latencyWeight * (latency <= minLatency ? 1 : minLatency / latency)
                + qualityWeight * quality);
            if (state.filled === state.size && (first > primary[last] || (first === primary[last]
                && (cost > secondary[last] || (cost === secondary[last] && position > kept[last])))))
                continue;
            offer(state, group, position, first, cost);
        }
    }
}
/** Offers every set bit of the mask, in catalog order. */
function scanAll(state, group) {
    const { mask, words } = group;
    for (let word = 0; word < words; word++) {
        let bits = mask[word] | 0;
        while (bits !== 0) {
            const lowest = bits & -bits;
            bits ^= lowest;
            consider(state, group, (word << 5) + 31 - Math.clz32(lowest));
        }
    }
}
/**
 * Fagin's threshold algorithm for a key `a * x + b * y` with `a, b >= 0`: walks the positions sorted by `x` and
 * by `y` in step; any candidate not yet seen at depth `d` has a key of at least `a * x[d] + b * y[d]`, so the scan
 * stops once the buffer is full and its worst key is below that bound. Exact, and usually a small fraction of
 * the candidates. With `minimumOnly` it offers nothing and returns the smallest key among eligible candidates
 * (the same walk with one slot), which `balanced` needs before it can score.
 * @see https://doi.org/10.1016/S0022-0000(03)00026-6
 */
function scanThreshold(state, group, byX, x, a, byY, y, b, minimumOnly = false) {
    if (++group.seenStamp === 0x7fffffff) {
        group.seenStamp = 1;
        group.seen.fill(0);
    }
    const { seen, seenStamp: stamp } = group;
    const last = state.size - 1;
    let best = Number.POSITIVE_INFINITY;
    for (let depth = 0; depth < byX.length; depth++) {
        for (let list = 0; list < 2; list++) {
            const position = list === 0 ? byX[depth] : byY[depth];
            if (seen[position] === stamp)
                continue;
            seen[position] = stamp;
            if (!minimumOnly) {
                consider(state, group, position);
                continue;
            }
            const cost = costOf(state, group, position);
            if (cost !== cost)
                continue; // NaN: not eligible
            const value = a * x[position] + b * y[position];
            if (value < best)
                best = value;
        }
        const bound = a * x[byX[depth]] + b * y[byY[depth]];
        if (minimumOnly ? best < bound : state.filled === state.size && state.primary[last] < bound)
            break;
    }
    return best;
}
/** Quality without a floor: positions by descending quality; stops below the worst kept quality. */
function scanByQuality(state, group) {
    const last = state.size - 1;
    for (const position of group.byQuality) {
        if (state.filled === state.size && state.primary[last] < -group.qualities[position])
            return;
        consider(state, group, position);
    }
}
/**
 * Selects the best candidates among the set bits of `group.mask` into a fixed buffer: no sort, no allocation
 * per candidate, and health asked only of candidates that would be kept. Keys (lower first):
 * - cheapest: cost, then higher quality;  fastest: expected latency, then cost;
 * - balanced: higher weighted score (cost and latency as ratios to the best eligible, quality as is), then cost;
 * - quality: with a floor, cost then higher quality; without, higher quality then cost.
 * Cheapest, fastest and quality use threshold scans over presorted positions on large groups; balanced
 * finds the best cost and latency that way, then scores every eligible candidate.
 * Scores are in [0, 1], higher is better: under `cheapest` the cheapest scores 1 and twice its cost 0.5.
 */
export function selectCandidates(group, request, strategy, weights, state, health) {
    const eligible = popcount(group.mask);
    state.filled = 0;
    state.skipped = undefined;
    if (eligible === 0)
        return { ranked: [], eligible, unavailable: [] };
    state.health = health;
    state.inputTokens = request.inputTokens;
    state.outputTokens = request.outputTokens;
    state.qualityFloor = request.qualityFloor;
    state.checkContext = request.inputTokens > group.minContextWindow;
    const large = group.candidates.length >= thresholdMinimum;
    const { inputTokens: a, outputTokens: b } = request;
    const { inputPrices, outputPrices, ttft, perToken } = group;
    if (strategy === 'cheapest' || (strategy === 'quality' && request.qualityFloor > 0)) {
        state.mode = byCost;
        if (large)
            scanThreshold(state, group, group.byInputPrice, inputPrices, a, group.byOutputPrice, outputPrices, b);
        else
            scanAll(state, group);
    }
    else if (strategy === 'fastest') {
        state.mode = byLatency;
        if (large)
            scanThreshold(state, group, group.byTtft, ttft, 1, group.byPerToken, perToken, b);
        else
            scanAll(state, group);
    }
    else if (strategy === 'quality') {
        state.mode = byQuality;
        if (large)
            scanByQuality(state, group);
        else
            scanAll(state, group);
    }
    else {
        const total = weights.cost + weights.latency + weights.quality;
        state.costWeight = total > 0 ? weights.cost / total : 0;
        state.latencyWeight = total > 0 ? weights.latency / total : 0;
        state.qualityWeight = total > 0 ? weights.quality / total : 0;
        state.minCost = scanThreshold(state, group, group.byInputPrice, inputPrices, a, group.byOutputPrice, outputPrices, b, true);
        state.minLatency = scanThreshold(state, group, group.byTtft, ttft, 1, group.byPerToken, perToken, b, true);
        scanBalanced(state, group);
    }
    return collect(state, group, strategy, eligible);
}
function collect(state, group, strategy, eligible) {
    const { primary, secondary, filled, size } = state;
    const skipped = state.skipped;
    let minCost = Number.POSITIVE_INFINITY;
    let minLatency = Number.POSITIVE_INFINITY;
    if (strategy === 'cheapest' || strategy === 'fastest') {
        // The best eligible candidate is either kept or skipped for health: both were seen.
        for (let rank = 0; rank < filled; rank++) {
            minCost = Math.min(minCost, costOf(state, group, state.position[rank]));
            minLatency = Math.min(minLatency, latencyOf(state, group, state.position[rank]));
        }
        for (let index = 0; index < (skipped?.length ?? 0); index += 3) {
            minCost = Math.min(minCost, costOf(state, group, skipped[index]));
            minLatency = Math.min(minLatency, latencyOf(state, group, skipped[index]));
        }
    }
    const ranked = new Array(filled);
    for (let rank = 0; rank < filled; rank++) {
        const position = state.position[rank];
        const candidate = group.candidates[position];
        const cost = costOf(state, group, position);
        const latency = latencyOf(state, group, position);
        let score;
        switch (strategy) {
            case 'cheapest':
                score = ratio(minCost, cost);
                break;
            case 'fastest':
                score = ratio(minLatency, latency);
                break;
            case 'balanced':
                score = -primary[rank];
                break;
            default: score = candidate.quality;
        }
        ranked[rank] = {
            providerId: candidate.providerId,
            model: candidate.model,
            upstreamModel: candidate.upstreamModel,
            tier: candidate.tier,
            jurisdiction: candidate.jurisdiction,
            score,
            estimatedCostUsd: cost,
            expectedLatencyMs: latency,
            quality: candidate.quality,
        };
    }
    state.health = undefined;
    if (skipped === undefined)
        return { ranked, eligible, unavailable: noneUnavailable };
    const unavailable = [];
    const full = filled === size;
    for (let index = 0; index < skipped.length; index += 3) {
        const first = skipped[index + 1];
        const second = skipped[index + 2];
        // Keep only those that would have ranked among the kept candidates had their circuit been closed.
        if (full && !(first < primary[size - 1] || (first === primary[size - 1] && second < secondary[size - 1])))
            continue;
        const candidate = group.candidates[skipped[index]];
        unavailable.push({ providerId: candidate.providerId, model: candidate.model });
    }
    return { ranked, eligible, unavailable };
}
//# sourceMappingURL=select-candidates.js.map