/** A copy of a header record with lower-case names (HTTP names are case-insensitive; later merges then override). */
export function lowerCaseKeys(headers) {
    const result = {};
    if (headers === undefined)
        return result;
    for (const [name, value] of Object.entries(headers))
        result[name.toLowerCase()] = value;
    return result;
}
//# sourceMappingURL=lower-case-keys.js.map