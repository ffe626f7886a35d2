/**
 * Parses text that must hold a JSON object (a stream chunk, tool-call arguments, an error body). Anything else,
 * invalid JSON, an array, a string or a number, returns `undefined`, so callers decide what a bad value means.
 */
export function parseJsonObject(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}
//# sourceMappingURL=parse-json-object.js.map