/**
 * Deterministic JSON: object keys sorted by UTF-16 code units, no whitespace, members whose value is
 * `undefined` left out. For the values an audit record holds (strings, finite numbers, booleans, null, arrays and
 * plain objects) this is the JSON Canonicalization Scheme, so any RFC 8785 implementation reproduces the exact
 * bytes that are hashed. Throws on anything JSON cannot carry faithfully (NaN, Infinity, bigint, class instances).
 * @see https://www.rfc-editor.org/rfc/rfc8785
 */
export function canonicalJson(value) {
    switch (typeof value) {
        case 'string':
            return JSON.stringify(value);
        case 'boolean':
            return value ? 'true' : 'false';
        case 'number':
            if (!Number.isFinite(value))
                throw new TypeError(`canonical JSON cannot hold the number ${value}`);
            return JSON.stringify(value);
        case 'object':
            if (value === null)
                return 'null';
            if (Array.isArray(value))
                return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
            return canonicalObject(value);
        default:
            throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
    }
}
function canonicalObject(value) {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null)
        throw new TypeError('canonical JSON holds only plain objects');
    const record = value;
    const members = [];
    for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member !== undefined)
            members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
    }
    return `{${members.join(',')}}`;
}
//# sourceMappingURL=canonical-json.js.map