/**
 * An expression matching, in JSON text, each string (a key when followed by `:`, group 1) and each bracket: for a
 * caller that walks the tokens itself (a fresh expression, so its `lastIndex` is its own).
 */
export function jsonToken() {
    return /"[^"\\]*(?:\\.[^"\\]*)*"(\s*:)?|[[{]|[\]}]/g;
}
/**
 * Scans JSON text that `JSON.parse` accepted (on other text the counts mean nothing) for how many keys it
 * writes and whether it nests deeper than `maxDepth` (arrays and objects, the outermost counting as 1). It stops at
 * the first bracket past the limit. Together with a walk of the parsed value, this tells whether a parser that
 * keeps the first of two equal keys, or rejects them, would read the text differently from `JSON.parse`.
 */
export function scanJsonText(text, maxDepth) {
    let depth = 0;
    let keys = 0;
    const length = text.length;
    for (let index = 0; index < length; index++) {
        const code = text.charCodeAt(index);
        if (code === 0x22) {
            index = closingQuote(text, index);
            let next = index + 1;
            while (isJsonWhitespace(text.charCodeAt(next)))
                next++;
            if (text.charCodeAt(next) === 0x3a)
                keys++;
        }
        else if (code === 0x5b || code === 0x7b) {
            if (++depth > maxDepth)
                return { keys, tooDeepAt: index };
        }
        else if (code === 0x5d || code === 0x7d) {
            depth--;
        }
    }
    return { keys, tooDeepAt: -1 };
}
/** The index of the quote that closes the string opened at `open` (one not escaped by an odd run of backslashes). */
function closingQuote(text, open) {
    let quote = text.indexOf('"', open + 1);
    for (;;) {
        let backslashes = 0;
        while (text.charCodeAt(quote - 1 - backslashes) === 0x5c)
            backslashes++;
        if (backslashes % 2 === 0 || quote < 0)
            return quote < 0 ? text.length : quote;
        quote = text.indexOf('"', quote + 1);
    }
}
function isJsonWhitespace(code) {
    return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
//# sourceMappingURL=scan-json-text.js.map