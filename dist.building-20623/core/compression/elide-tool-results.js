import { rewriteMessages } from "./rewrite-messages.js";
import { toolResultText } from "./tool-result-text.js";
/** About four characters per token for English and JSON: a cheap, deterministic default. */
export function approximateTokens(text) {
    return Math.ceil(text.length / 4);
}
/** The marker that replaces an elided result: it tells the model something was there and how large it was. */
export function elisionMarker(tokens) {
    return `[elided: tool result of ${tokens} tokens]`;
}
/**
 * LOSSY, opt-in. Keeps the tool-result part of a long agent history within a token budget by replacing the oldest
 * results with {@link elisionMarker}. The model can no longer see what they said, so answers that depend on an
 * old result may change: use it only where the client accepts that.
 *
 * With T the tokens of all text-only tool results, nothing happens while T <= budget. Beyond it, the cut line
 * E = ceil((T - budget) / step) * step is measured from the start of the history, and every result that starts
 * before E is elided; so at least T - budget tokens go, and because E moves only in whole steps and is anchored
 * at the oldest result, the rewritten prefix stays byte-identical for several turns and the provider's prompt
 * cache keeps hitting. Once elided, a result stays elided in every later turn. Results with images, results no
 * longer than their marker and those in the most recent `keepRecentToolMessages` tool messages are kept. Pure; never mutates its input.
 */
export function elideOldToolResults(request, options) {
    const countTokens = options.countTokens ?? approximateTokens;
    const budget = Math.max(0, options.budgetTokens);
    const step = Math.max(1, options.stepTokens ?? Math.ceil(budget / 2));
    const protectedFrom = protectedPosition(request, options.keepRecentToolMessages ?? 1);
    const sizes = [];
    let total = 0;
    rewriteMessages(request, {
        toolResult: (part) => {
            const text = toolResultText(part);
            const tokens = text === undefined ? undefined : countTokens(text);
            sizes.push(tokens);
            total += tokens ?? 0;
            return part;
        },
    });
    if (total <= budget)
        return { request, elidedResults: 0, elidedTokens: 0 };
    const cutLine = Math.ceil((total - budget) / step) * step;
    let startOfResult = 0;
    let elidedResults = 0;
    let elidedTokens = 0;
    const rewritten = rewriteMessages(request, {
        toolResult: (part, position) => {
            const tokens = sizes[position];
            if (tokens === undefined)
                return part;
            const starts = startOfResult;
            startOfResult += tokens;
            if (starts >= cutLine || position >= protectedFrom)
                return part;
            const marker = elisionMarker(tokens);
            if (countTokens(marker) >= tokens)
                return part;
            elidedResults++;
            elidedTokens += tokens;
            return { ...part, content: marker };
        },
    });
    return { request: rewritten, elidedResults, elidedTokens };
}
/** The position (among all tool results) of the first result in the last `keep` tool messages. */
function protectedPosition(request, keep) {
    let results = 0;
    const firstOfMessage = [];
    for (const message of request.messages) {
        if (message.role !== 'tool')
            continue;
        firstOfMessage.push(results);
        results += message.content.length;
    }
    if (keep <= 0)
        return results;
    return firstOfMessage[Math.max(0, firstOfMessage.length - keep)] ?? results;
}
//# sourceMappingURL=elide-tool-results.js.map