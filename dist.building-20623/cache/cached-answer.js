export function serialiseCachedAnswer(answer) {
    return JSON.stringify(answer);
}
/** Parses a stored answer; anything malformed (another version, a corrupted entry) is undefined, i.e. a miss. */
export function parseCachedAnswer(text) {
    try {
        const value = JSON.parse(text);
        if (typeof value.providerId !== 'string' || typeof value.model !== 'string' || typeof value.createdAt !== 'number')
            return undefined;
        if (value.kind === 'stream' && Array.isArray(value.parts))
            return value;
        if ((value.kind === 'result' || value.kind === 'embedding') && typeof value.result === 'object' && value.result !== null)
            return value;
        return undefined;
    }
    catch {
        return undefined;
    }
}
//# sourceMappingURL=cached-answer.js.map