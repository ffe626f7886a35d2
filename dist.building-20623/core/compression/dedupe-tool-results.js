import { rewriteMessages } from "./rewrite-messages.js";
import { toolResultText } from "./tool-result-text.js";
/** The marker that replaces a repeated result, naming the call whose result it repeats. */
export function duplicateMarker(firstToolCallId) {
    return `[identical to the result of tool call ${firstToolCallId} above]`;
}
/**
 * LOSSY (kept apart from the lossless techniques on purpose), opt-in. A tool result whose text is identical to an
 * earlier tool result in the same history is replaced by {@link duplicateMarker}. The information is still in the
 * context (the first copy stays), but the model now has to follow a reference instead of reading the text where
 * it was returned, which can change its behaviour; hence not "lossless". Only the later copies change, so the
 * prefix up to the first copy stays byte-identical across turns. Pure; never mutates its input.
 */
export function dedupeToolResults(request, options = {}) {
    const minimum = options.minimumCharacters ?? 200;
    const firstSeen = new Map();
    let replacedResults = 0;
    let replacedCharacters = 0;
    const rewritten = rewriteMessages(request, {
        toolResult: (part) => {
            const text = toolResultText(part);
            if (text === undefined || text.length < minimum)
                return part;
            const first = firstSeen.get(text);
            if (first === undefined) {
                firstSeen.set(text, part.toolCallId);
                return part;
            }
            replacedResults++;
            replacedCharacters += text.length;
            return { ...part, content: duplicateMarker(first) };
        },
    });
    return { request: rewritten, replacedResults, replacedCharacters };
}
//# sourceMappingURL=dedupe-tool-results.js.map