import { createHash } from 'node:crypto';
import { cacheableTokens } from "../../core/prompt-cache/prompt-cache-rules.js";
import { layoutTokens } from "./prompt-layout.js";
/**
 * Applies a provider's documented prefix-cache rules to one request and updates the cache.
 *
 * Automatic caches (OpenAI, Gemini): the longest cached prefix that ends at a block boundary is read, rounded
 * down to the rules' increment and never below the minimum; then every prefix of the prompt from the minimum up is
 * stored (or refreshed). Matching at block boundaries is an approximation: a real cache also matches into the
 * first block that differs.
 *
 * Breakpoint caches (Anthropic): for each `cache_control` block, the boundaries from it back `lookbackBlocks`
 * blocks are checked for a cached prefix, and the longest hit over all breakpoints is read and refreshed. Then
 * the prefix at each breakpoint that lies beyond the hit and reaches the minimum is written; the tokens from the
 * hit to the last written breakpoint are the cache-write tokens, billed by the lifetime of the breakpoint that
 * wrote them. More breakpoints than allowed is an error, as the API answers 400.
 */
export function accountPromptCache(layout, rules, store, now) {
    const inputTokens = layoutTokens(layout);
    const boundaries = prefixBoundaries(layout);
    if (rules.mode === 'automatic') {
        let read = 0;
        for (let index = boundaries.length - 1; index >= 0; index--) {
            const boundary = boundaries[index];
            if (store.get(boundary.hash, now)) {
                read = cacheableTokens(boundary.tokens, rules);
                break;
            }
        }
        for (const boundary of boundaries)
            if (boundary.tokens >= rules.minimumTokens)
                store.put(boundary.hash, boundary.tokens, rules.ttlMs, now);
        return { ok: true, value: { inputTokens, readTokens: Math.min(read, inputTokens), writeTokens: 0, writeTokens1h: 0 } };
    }
    const breakpoints = layout.blocks.flatMap((block, index) => (block.breakpoint ? [index] : []));
    const allowed = rules.maxBreakpoints ?? 4;
    if (breakpoints.length > allowed)
        return { ok: false, message: `A maximum of ${allowed} blocks with cache_control may be provided. Found ${breakpoints.length}.` };
    const lookback = rules.lookbackBlocks ?? 20;
    let hit = -1;
    for (const breakpoint of breakpoints) {
        for (let index = breakpoint; index >= Math.max(0, breakpoint - lookback) && index > hit; index--) {
            if (store.get(boundaries[index].hash, now)) {
                hit = index;
                break;
            }
        }
    }
    const readTokens = hit >= 0 ? boundaries[hit].tokens : 0;
    if (hit >= 0)
        store.touch(boundaries[hit].hash, now);
    let written = readTokens;
    let writeTokens = 0;
    let writeTokens1h = 0;
    for (const breakpoint of breakpoints) {
        const boundary = boundaries[breakpoint];
        if (breakpoint <= hit || boundary.tokens < rules.minimumTokens)
            continue;
        const long = layout.blocks[breakpoint].breakpoint?.ttl === '1h';
        store.put(boundary.hash, boundary.tokens, long ? (rules.longTtlMs ?? rules.ttlMs) : rules.ttlMs, now);
        const added = boundary.tokens - written;
        writeTokens += added;
        if (long)
            writeTokens1h += added;
        written = boundary.tokens;
    }
    return { ok: true, value: { inputTokens, readTokens, writeTokens, writeTokens1h } };
}
function prefixBoundaries(layout) {
    const boundaries = [];
    let hash = '';
    let tokens = 0;
    for (const block of layout.blocks) {
        hash = createHash('sha256').update(hash).update('\u0001').update(block.key).digest('base64');
        tokens += block.tokens;
        boundaries.push({ hash, tokens });
    }
    return boundaries;
}
//# sourceMappingURL=account-prompt-cache.js.map