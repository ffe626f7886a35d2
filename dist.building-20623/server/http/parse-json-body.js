import { GatewayError } from "../../core/errors/gateway-error.js";
import { jsonPath } from "../../core/errors/shown-text.js";
import { jsonToken, scanJsonText } from "../../core/wire/scan-json-text.js";
/** `server.maxJsonDepth` when the configuration does not set it: far above any real request, far below a stack. */
export const defaultMaxJsonDepth = 64;
/** A UTF-16 code unit that is half of a surrogate pair without its other half (in `u` mode pairs are one code point). */
const loneSurrogate = /\p{Cs}/u;
/**
 * Parses a request body that must be one JSON object, and refuses (400, `invalid_json`) every way the text could be
 * read differently by a provider than by the gateway, or break something after it: nesting deeper than
 * `maxJsonDepth`, a key repeated within one object (`JSON.parse` keeps the last value, other parsers the first or
 * neither), a number that overflows to infinity (`1e999`), and a lone UTF-16 surrogate (`"\ud800"`) in a key or a
 * string. The checks cost one scan of the text and one walk of the value; `JSON.parse` itself is not recursive,
 * so no depth of input can exhaust the stack before the limit refuses it.
 */
export function parseJsonBody(text, maxJsonDepth = defaultMaxJsonDepth) {
    if (text.trim() === '')
        throw new GatewayError('invalid_json', { message: 'The request body is empty; expected a JSON object.' });
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new GatewayError('invalid_json', { message: `The request body is not valid JSON: ${error.message}` });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new GatewayError('invalid_request', { message: 'The request body must be a JSON object.' });
    }
    const scanned = scanJsonText(text, maxJsonDepth);
    if (scanned.tooDeepAt >= 0)
        throw tooDeep(maxJsonDepth, scanned.tooDeepAt);
    // A parsed string can hold a lone surrogate only through a `\uD800`-`\uDFFF` escape: without one, none is looked for.
    const checkStrings = surrogateEscape.test(text);
    const keysInValue = countKeys(value, checkStrings);
    if (keysInValue < 0)
        throw badValueError(value, [], checkStrings);
    if (keysInValue !== scanned.keys)
        throw duplicateKeyError(text);
    return value;
}
const surrogateEscape = /\\u[dD][89a-fA-F]/;
/**
 * Sixteen digits in a row, or a number written with an exponent (not the hex digits of a `\u00e9` escape): where a
 * parsed number may no longer be what was written.
 */
const roundedNumber = /[0-9]{16}|(?<![\w.\\])[0-9]+(?:\.[0-9]*)?[eE][+-]?[0-9]/;
/**
 * Whether the text may be relayed as it is, rather than serialised from its parsed value: not when it could hold a
 * number `JSON.parse` rounded (an integer past 2^53, an exponent), since the value profiled must be the value sent.
 * Errs towards serialising (sixteen digits inside a string count too), which costs time, never exactness.
 */
export function relayableAsWritten(text) {
    return !roundedNumber.test(text);
}
function tooDeep(maxJsonDepth, position) {
    return new GatewayError('invalid_json', {
        message: `The JSON is nested more than ${maxJsonDepth} levels deep at character ${position}; the limit is server.maxJsonDepth.`,
    });
}
/** The keys of a parsed value (its depth already bounded), or -1 when it holds a non-finite number or a lone surrogate. */
function countKeys(value, checkStrings) {
    if (typeof value === 'number')
        return Number.isFinite(value) ? 0 : -1;
    if (typeof value === 'string')
        return checkStrings && loneSurrogate.test(value) ? -1 : 0;
    if (value === null || typeof value !== 'object')
        return 0;
    let keys = 0;
    if (Array.isArray(value)) {
        for (const item of value) {
            const counted = countKeys(item, checkStrings);
            if (counted < 0)
                return -1;
            keys += counted;
        }
        return keys;
    }
    for (const key in value) {
        if (checkStrings && loneSurrogate.test(key))
            return -1;
        const counted = countKeys(value[key], checkStrings);
        if (counted < 0)
            return -1;
        keys += 1 + counted;
    }
    return keys;
}
/** The slow path once {@link countKeys} found something: the error naming where it is. */
function badValueError(value, path, checkStrings) {
    if (typeof value === 'number')
        return Number.isFinite(value) ? undefined : badText(path, 'is a number too large to represent (it overflows to infinity)');
    if (typeof value === 'string') {
        return checkStrings && loneSurrogate.test(value) ? badText(path, 'holds a lone UTF-16 surrogate (an unpaired \\ud800-\\udfff escape), which is not text') : undefined;
    }
    if (value === null || typeof value !== 'object')
        return undefined;
    const entries = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
    for (const [step, item] of entries) {
        path.push(step);
        if (typeof step === 'string' && checkStrings && loneSurrogate.test(step))
            return badText(path, 'is a key holding a lone UTF-16 surrogate, which is not text');
        const error = badValueError(item, path, checkStrings);
        if (error)
            return error;
        path.pop();
    }
    return undefined;
}
function badText(path, what) {
    const param = jsonPath(path) || '(body)';
    return new GatewayError('invalid_json', { message: `The value at '${param}' ${what}.`, param });
}
/** Finds the first repeated key (the slow path, only for a body already known to have one) and says where it is. */
function duplicateKeyError(text) {
    const objects = [];
    let position = -1;
    const token = jsonToken();
    for (let match = token.exec(text); match !== null; match = token.exec(text)) {
        const first = match[0].charCodeAt(0);
        if (first === 0x7b)
            objects.push(new Set());
        else if (first === 0x5b)
            objects.push(undefined);
        else if (first === 0x5d || first === 0x7d)
            objects.pop();
        else if (match[1] !== undefined) {
            const keys = objects.at(-1);
            const key = JSON.parse(match[0].slice(0, match[0].length - match[1].length));
            if (keys?.has(key)) {
                position = match.index;
                break;
            }
            keys?.add(key);
        }
    }
    return new GatewayError('invalid_json', {
        message: `The request body repeats a key within one object${position < 0 ? '' : ` (at character ${position})`}; duplicate keys are refused, because the gateway and a provider could read different values.`,
    });
}
//# sourceMappingURL=parse-json-body.js.map