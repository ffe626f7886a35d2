/** What a scan orders by (lower first): the primary key; the secondary key breaks ties, then catalog order. */
export const byCost = 0; // cost, then higher quality
export const byLatency = 1; // expected latency, then cost
export const byQuality = 2; // higher quality, then cost
export function createSelectionState(size) {
    return {
        primary: new Float64Array(size),
        secondary: new Float64Array(size),
        position: new Int32Array(size),
        size,
        filled: 0,
        skipped: undefined,
        health: undefined,
        mode: byCost,
        inputTokens: 0,
        outputTokens: 0,
        qualityFloor: 0,
        checkContext: false,
        costWeight: 0,
        latencyWeight: 0,
        qualityWeight: 0,
        minCost: 0,
        minLatency: 0,
    };
}
/** The cost of a candidate for this request, or NaN when it is not eligible (mask, context window, quality floor). */
export function costOf(state, group, position) {
    if (((group.mask[position >>> 5] >>> (position & 31)) & 1) === 0)
        return Number.NaN;
    if (state.checkContext && group.contextWindows[position] < state.inputTokens)
        return Number.NaN;
    if (group.qualities[position] < state.qualityFloor)
        return Number.NaN;
    return state.inputTokens * group.inputPrices[position] + state.outputTokens * group.outputPrices[position];
}
/** The expected latency of a candidate for this request, in ms. */
export function latencyOf(state, group, position) {
    return group.ttft[position] + state.outputTokens * group.perToken[position];
}
/** Keys an eligible candidate (cheapest, fastest, quality) and offers it to the buffer. */
export function consider(state, group, position) {
    const cost = costOf(state, group, position);
    if (cost !== cost)
        return; // NaN: not eligible
    switch (state.mode) {
        case byCost:
            offer(state, group, position, cost, -group.qualities[position]);
            break;
        case byLatency:
            offer(state, group, position, group.ttft[position] + state.outputTokens * group.perToken[position], cost);
            break;
        default: offer(state, group, position, -group.qualities[position], cost);
    }
}
/**
 * Inserts a keyed candidate into the buffer if it beats the worst kept one; health is asked only then. Equal
 * keys keep catalog order (the position), whatever order a scan visits candidates in.
 */
export function offer(state, group, position, first, second) {
    const { primary, secondary, size } = state;
    const filled = state.filled;
    if (filled === size && (first > primary[size - 1] || (first === primary[size - 1] && (second > secondary[size - 1]
        || (second === secondary[size - 1] && position > state.position[size - 1])))))
        return;
    let at = filled;
    while (at > 0 && (first < primary[at - 1] || (first === primary[at - 1]
        && (second < secondary[at - 1] || (second === secondary[at - 1] && position < state.position[at - 1])))))
        at--;
    if (at >= size)
        return;
    const candidate = group.candidates[position];
    if (state.health.isOpen(candidate.providerSlot, candidate.providerId)) {
        (state.skipped ??= []).push(position, first, second);
        return;
    }
    for (let move = Math.min(filled, size - 1); move > at; move--) {
        primary[move] = primary[move - 1];
        secondary[move] = secondary[move - 1];
        state.position[move] = state.position[move - 1];
    }
    primary[at] = first;
    secondary[at] = second;
    state.position[at] = position;
    if (filled < size)
        state.filled = filled + 1;
}
//# sourceMappingURL=selection-state.js.map