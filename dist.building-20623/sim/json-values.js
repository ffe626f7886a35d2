/** Small readers for untrusted JSON request bodies. */
export function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
export function asRecord(value) {
    return isRecord(value) ? value : {};
}
export function asArray(value) {
    return Array.isArray(value) ? value : [];
}
export function nonEmptyString(value) {
    return typeof value === 'string' && value !== '' ? value : undefined;
}
export function finiteNumber(value) {
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
/** The text of an OpenAI/Anthropic style content value: a string, or the `text` of its text parts. */
export function contentText(content) {
    if (typeof content === 'string')
        return content;
    let text = '';
    for (const part of asArray(content)) {
        const record = asRecord(part);
        if (typeof record.text === 'string')
            text += record.text;
    }
    return text;
}
//# sourceMappingURL=json-values.js.map