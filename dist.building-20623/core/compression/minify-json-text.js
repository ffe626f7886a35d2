/**
 * Removes the insignificant whitespace of a JSON text and nothing else. RFC 8259 §2 allows space, tab, line
 * feed and carriage return around structural characters; those go, while strings, numbers, escapes, key order and
 * duplicate keys stay byte for byte, so the model reads the same tokens without the blanks. This is why the text
 * is scanned rather than re-serialised: `JSON.stringify(JSON.parse(text))` would turn `1.0` into `1`, round
 * integers above 2^53 and rewrite `\u00e9` escapes, which changes what the model reads.
 *
 * Only a text that is a whole valid JSON object or array (surrounding whitespace allowed) is touched; anything
 * else, including bare JSON scalars such as `255.0`, comes back unchanged. When nothing is removed the same string
 * is returned, so callers can compare by identity.
 * @see https://www.rfc-editor.org/rfc/rfc8259#section-2
 */
export function minifyJsonText(text) {
    if (!looksLikeJsonContainer(text))
        return text;
    // Scan first and parse only when there is whitespace to remove: compact JSON, the common case, is never parsed.
    const pieces = [];
    let sliceStart = 0;
    let inString = false;
    for (let index = 0; index < text.length; index++) {
        const code = text.charCodeAt(index);
        if (inString) {
            if (code === backslash)
                index++;
            else if (code === quote)
                inString = false;
            continue;
        }
        if (code === quote) {
            inString = true;
        }
        else if (isJsonWhitespace(code)) {
            if (index > sliceStart)
                pieces.push(text.slice(sliceStart, index));
            sliceStart = index + 1;
        }
    }
    if (sliceStart === 0 && pieces.length === 0)
        return text;
    if (!isValidJson(text))
        return text;
    if (sliceStart < text.length)
        pieces.push(text.slice(sliceStart));
    return pieces.join('');
}
const quote = 0x22;
const backslash = 0x5c;
function isJsonWhitespace(code) {
    return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
function looksLikeJsonContainer(text) {
    for (let index = 0; index < text.length; index++) {
        const code = text.charCodeAt(index);
        if (isJsonWhitespace(code))
            continue;
        return code === 0x7b || code === 0x5b; // `{` or `[`
    }
    return false;
}
function isValidJson(text) {
    try {
        JSON.parse(text);
        return true;
    }
    catch {
        return false;
    }
}
//# sourceMappingURL=minify-json-text.js.map