import { minifyJsonText } from "./minify-json-text.js";
import { normalizeWhitespace } from "./normalize-whitespace.js";
import { mapShared, rewriteMessages } from "./rewrite-messages.js";
/**
 * Lossless compression of a canonical chat request: the model receives the same information in fewer tokens.
 *
 * - `json`: tool results and tool-call arguments that are valid JSON objects or arrays lose their insignificant
 *   whitespace ({@link minifyJsonText}: no re-serialisation, so numbers, escapes and key order stay as written).
 *   Agent tool results are often pretty-printed or written with Python's `", "`/`": "` separators; on the
 *   tau-bench airline trajectories this removes about a fifth of the tool-result tokens.
 * - `whitespace`: {@link normalizeWhitespace} on system text and tool descriptions only.
 *
 * Tool input schemas are objects, not text: adapters serialise them compactly and providers render them in their
 * own format, so there is nothing to minify in them. User and assistant prose is never touched. Deterministic:
 * the same request always compresses to the same bytes, which keeps provider prompt-cache prefixes stable from
 * turn to turn. Pure; never mutates its input.
 * @see https://platform.openai.com/docs/guides/prompt-caching
 */
export function compressRequest(request, options = {}) {
    const json = options.json ?? true;
    const whitespace = options.whitespace ?? true;
    const stats = { toolResultsMinified: 0, toolArgumentsMinified: 0, textsNormalized: 0, charactersBefore: 0, charactersAfter: 0 };
    const measure = (before, after) => {
        stats.charactersBefore += before.length;
        stats.charactersAfter += after.length;
    };
    const normalize = (text) => {
        const normalized = normalizeWhitespace(text);
        if (normalized !== text) {
            stats.textsNormalized++;
            measure(text, normalized);
        }
        return normalized;
    };
    let compressed = rewriteMessages(request, {
        ...(whitespace ? { systemText: normalize } : {}),
        ...(json
            ? {
                assistantPart: (part) => {
                    if (part.type !== 'tool-call')
                        return part;
                    const minified = minifyJsonText(part.arguments);
                    if (minified === part.arguments)
                        return part;
                    stats.toolArgumentsMinified++;
                    measure(part.arguments, minified);
                    return { ...part, arguments: minified };
                },
                toolResult: (part) => {
                    const minified = minifyToolResult(part);
                    if (minified !== part)
                        stats.toolResultsMinified++;
                    return minified;
                },
            }
            : {}),
    });
    if (whitespace && compressed.tools) {
        const tools = mapShared(compressed.tools, (tool) => {
            if (tool.description === undefined)
                return tool;
            const description = normalize(tool.description);
            return description === tool.description ? tool : { ...tool, description };
        });
        if (tools !== compressed.tools)
            compressed = { ...compressed, tools };
    }
    return { request: compressed, stats };
    function minifyToolResult(part) {
        if (typeof part.content === 'string') {
            const minified = minifyJsonText(part.content);
            if (minified === part.content)
                return part;
            measure(part.content, minified);
            return { ...part, content: minified };
        }
        const content = mapShared(part.content, (item) => {
            if (item.type !== 'text')
                return item;
            const minified = minifyJsonText(item.text);
            if (minified === item.text)
                return item;
            measure(item.text, minified);
            return { ...item, text: minified };
        });
        return content === part.content ? part : { ...part, content };
    }
}
//# sourceMappingURL=compress-request.js.map