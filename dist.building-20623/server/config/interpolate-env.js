/**
 * Replaces `${NAME}` and `${NAME:-default}` in every string of a parsed YAML tree. Interpolating the parsed tree
 * (not the raw text) means a secret containing `:` or `#` cannot change the document's structure.
 * `$${...}` escapes a literal `${...}`. Returns the names that were referenced but unset.
 */
export function interpolateEnv(value, env, missing = new Set()) {
    if (typeof value === 'string')
        return interpolateString(value, env, missing);
    if (Array.isArray(value))
        return value.map((item) => interpolateEnv(item, env, missing));
    if (value !== null && typeof value === 'object') {
        const result = {};
        for (const [key, item] of Object.entries(value))
            result[key] = interpolateEnv(item, env, missing);
        return result;
    }
    return value;
}
const pattern = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
function interpolateString(text, env, missing) {
    if (!text.includes('${'))
        return text;
    return text.replace(pattern, (whole, escape, name, fallback) => {
        if (escape)
            return whole.slice(1);
        const value = env[name];
        if (value !== undefined && value !== '')
            return value;
        if (fallback !== undefined)
            return fallback;
        missing.add(name);
        return '';
    });
}
//# sourceMappingURL=interpolate-env.js.map