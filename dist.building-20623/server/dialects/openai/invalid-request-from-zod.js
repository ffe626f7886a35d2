import { shownText } from "../../../core/errors/shown-text.js";
import { GatewayError } from "../../../core/errors/gateway-error.js";
/**
 * Turns the first zod issue into an `invalid_request` GatewayError whose `param` is the OpenAI-style path
 * (`messages[2].content[0].type`) and whose message reads like OpenAI's own (`Invalid type for 'x': expected
 * a string, but got a number instead.`), so clients and people both understand it.
 * @see https://platform.openai.com/docs/guides/error-codes
 */
export function invalidRequestFromZod(issues, input) {
    const issue = issues[0];
    if (issue === undefined)
        return new GatewayError('invalid_request');
    const { path, message } = describeIssue(issue, [], input);
    const param = formatParam(path);
    return new GatewayError('invalid_request', { message, ...(param === '' ? {} : { param }) });
}
/** `['messages', 2, 'role']` → `messages[2].role`. */
export function formatParam(path) {
    let result = '';
    for (const key of path) {
        if (typeof key === 'number')
            result += `[${key}]`;
        else
            result += result === '' ? String(key) : `.${String(key)}`;
    }
    return result;
}
function describeIssue(issue, prefix, input) {
    const path = [...prefix, ...issue.path];
    const param = formatParam(path);
    const value = valueAt(input, path);
    const name = param === '' ? 'the request body' : `'${param}'`;
    switch (issue.code) {
        case 'invalid_type':
            if (value === undefined)
                return { path, message: `Missing required parameter: ${name}.` };
            return { path, message: `Invalid type for ${name}: expected ${expectedType(issue.expected)}, but got ${describeValue(value)} instead.` };
        case 'invalid_value':
            return { path, message: `Invalid value for ${name}: ${preview(value)}. Supported values are: ${issue.values.map((item) => `'${String(item)}'`).join(', ')}.` };
        case 'invalid_union': {
            if (issue.discriminator !== undefined && issue.errors.length === 0) {
                if (value === undefined)
                    return { path, message: `Missing required parameter: ${name}.` };
                const options = issue.options ?? [];
                return { path, message: `Invalid value for ${name}: ${preview(value)}. Supported values are: ${options.map((item) => `'${String(item)}'`).join(', ')}.` };
            }
            return describeUnion(issue.errors, path, input, value, name);
        }
        case 'too_small':
            if (issue.origin === 'array')
                return { path, message: `${capitalise(name)} must contain at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}.` };
            if (issue.origin === 'string')
                return { path, message: `${capitalise(name)} must not be empty.` };
            return { path, message: `Invalid value for ${name}: ${preview(value)} is below the minimum of ${String(issue.minimum)}.` };
        case 'too_big':
            if (issue.origin === 'array')
                return { path, message: `${capitalise(name)} must contain at most ${String(issue.maximum)} items.` };
            return { path, message: `Invalid value for ${name}: ${preview(value)} is above the maximum of ${String(issue.maximum)}.` };
        case 'custom':
            return { path, message: issue.message.replace('{param}', name) };
        default:
            return { path, message: `Invalid value for ${name}: ${issue.message}` };
    }
}
/**
 * Picks the union branch that matches the value's type and reports its problem; when none does, lists what
 * the value could have been.
 */
function describeUnion(branches, path, input, value, name) {
    let best;
    for (const branch of branches) {
        const first = branch[0];
        if (first === undefined || !branchMatches(first, value))
            continue;
        if (best === undefined || first.path.length > best.path.length)
            best = first;
    }
    if (best !== undefined)
        return describeIssue(best, path, input);
    if (value === undefined)
        return { path, message: `Missing required parameter: ${name}.` };
    const expected = branches.map((branch) => {
        const first = branch[0];
        if (first?.code === 'invalid_type')
            return expectedType(first.expected);
        if (first?.code === 'invalid_value')
            return `one of ${first.values.map((item) => `'${String(item)}'`).join(', ')}`;
        return 'another value';
    });
    return { path, message: `Invalid type for ${name}: expected ${[...new Set(expected)].join(' or ')}, but got ${describeValue(value)} instead.` };
}
function branchMatches(issue, value) {
    if (issue.path.length > 0)
        return true;
    if (issue.code === 'invalid_type')
        return false;
    if (issue.code === 'invalid_value')
        return issue.values.some((item) => typeof item === typeof value);
    return true;
}
function valueAt(input, path) {
    let current = input;
    for (const key of path) {
        if (typeof current !== 'object' || current === null)
            return undefined;
        if (!Object.prototype.hasOwnProperty.call(current, key))
            return undefined;
        current = current[key];
    }
    return current;
}
const expectedNames = {
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'a boolean',
    object: 'an object',
    array: 'an array',
    record: 'an object',
    null: 'null',
};
function expectedType(expected) {
    return expectedNames[expected] ?? expected;
}
function describeValue(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    if (typeof value === 'number')
        return Number.isInteger(value) ? 'an integer' : 'a number';
    if (typeof value === 'object')
        return 'an object';
    return `a ${typeof value}`;
}
/** A rejected value as the message may show it: strings only when they cannot hold data (see `shownText`). */
function preview(value) {
    if (typeof value === 'object' && value !== null)
        return describeValue(value);
    if (typeof value === 'string')
        return shownText(value);
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
//# sourceMappingURL=invalid-request-from-zod.js.map