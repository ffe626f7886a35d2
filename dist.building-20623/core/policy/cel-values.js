/**
 * CEL runtime values as the closure compiler sees them, with the same JS representation as `@bufbuild/cel`
 * bindings: `bigint` is CEL int, `number` is double, strings and booleans as is, `null`, arrays are lists and
 * plain objects are maps with string keys. An evaluation error is a value (`CelEvalError`), never a throw, so
 * `&&` and `||` can absorb it as the CEL specification requires.
 * @see https://github.com/google/cel-spec/blob/master/doc/langdef.md#logical-operators
 */
export class CelEvalError {
    message;
    constructor(message) {
        this.message = message;
    }
}
/**
 * Whether a value is an evaluation error. Not `instanceof`: under tsx (esbuild `keepNames`) every class gets its
 * `name` redefined, which makes V8's `instanceof` take a slow generic path (about 80 ns instead of 2).
 */
export function isCelEvalError(value) {
    return typeof value === 'object' && value !== null && value.constructor === CelEvalError;
}
export function isCelMapValue(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value) && !isCelEvalError(value);
}
/**
 * Reads a map entry; a key bound to `undefined` counts as absent, as in `@bufbuild/cel`. `Object.hasOwn` costs
 * about 10 ns, so it is used only for keys that an object inherits (`toString`, `__proto__`, ...).
 */
export function mapGet(map, key) {
    return key in Object.prototype && !Object.hasOwn(map, key) ? undefined : map[key];
}
/** Whether a field name needs `mapGet`'s own-property check (decided once per field at compile time). */
export function isInheritedKey(key) {
    return key in Object.prototype;
}
/** Exact comparison of an int with a double (no rounding of large ints); NaN when unordered. */
function compareIntDouble(int, double) {
    if (Number.isNaN(double))
        return Number.NaN;
    if (double === Number.POSITIVE_INFINITY)
        return -1;
    if (double === Number.NEGATIVE_INFINITY)
        return 1;
    const floor = Math.floor(double);
    const floorInt = BigInt(floor);
    if (int < floorInt)
        return -1;
    if (int > floorInt)
        return 1;
    return floor === double ? 0 : -1;
}
/**
 * Orders two values: negative, zero, positive, NaN when unordered (NaN operands), `undefined` when CEL has no
 * ordering overload for the pair (an error).
 */
export function celCompare(left, right) {
    const leftType = typeof left;
    const rightType = typeof right;
    if (leftType === 'bigint') {
        if (rightType === 'bigint')
            return left < right ? -1 : left > right ? 1 : 0;
        if (rightType === 'number')
            return compareIntDouble(left, right);
        return undefined;
    }
    if (leftType === 'number') {
        if (rightType === 'number')
            return left < right ? -1 : left > right ? 1 : left === right ? 0 : Number.NaN;
        if (rightType === 'bigint')
            return -compareIntDouble(right, left);
        return undefined;
    }
    if (leftType === 'string' && rightType === 'string')
        return left === right ? 0 : left < right ? -1 : 1;
    if (leftType === 'boolean' && rightType === 'boolean')
        return left === right ? 0 : left === false ? -1 : 1;
    return undefined;
}
/** CEL heterogeneous equality: values of different kinds are unequal, numbers compare across int and double. */
export function celEquals(left, right) {
    if (left === right)
        return true;
    const leftType = typeof left;
    const rightType = typeof right;
    if ((leftType === 'bigint' || leftType === 'number') && (rightType === 'bigint' || rightType === 'number')) {
        return celCompare(left, right) === 0;
    }
    if (Array.isArray(left)) {
        if (!Array.isArray(right) || left.length !== right.length)
            return false;
        for (let index = 0; index < left.length; index++)
            if (!celEquals(left[index], right[index]))
                return false;
        return true;
    }
    if (isCelMapValue(left) && isCelMapValue(right)) {
        const leftKeys = presentKeys(left);
        if (leftKeys.length !== presentKeys(right).length)
            return false;
        for (const key of leftKeys) {
            const other = mapGet(right, key);
            if (other === undefined || !celEquals(left[key], other))
                return false;
        }
        return true;
    }
    return false;
}
export function presentKeys(map) {
    return Object.keys(map).filter((key) => map[key] !== undefined);
}
/** `size()` of a string (in code points), list or map, as a CEL int. */
export function celSize(value) {
    if (typeof value === 'string') {
        let count = 0;
        for (let index = 0; index < value.length; index++) {
            const code = value.charCodeAt(index);
            if (code < 0xd800 || code > 0xdbff)
                count++;
        }
        return BigInt(count);
    }
    if (Array.isArray(value))
        return BigInt(value.length);
    if (isCelMapValue(value))
        return BigInt(presentKeys(value).length);
    return noOverload('size', value);
}
export function celTypeName(value) {
    switch (typeof value) {
        case 'bigint': return 'int';
        case 'number': return 'double';
        case 'string': return 'string';
        case 'boolean': return 'bool';
        default:
            if (value === null)
                return 'null_type';
            if (Array.isArray(value))
                return 'list';
            return 'map';
    }
}
export function noOverload(operator, ...values) {
    return new CelEvalError(`no matching overload for ${operator} applied to (${values.map(celTypeName).join(', ')})`);
}
const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;
/** `+` on ints (with overflow check), doubles, strings and lists; anything else has no overload. */
export function celAdd(left, right) {
    if (typeof left === 'bigint' && typeof right === 'bigint')
        return checkedInt(left + right, '+');
    if (typeof left === 'number' && typeof right === 'number')
        return left + right;
    if (typeof left === 'string' && typeof right === 'string')
        return left + right;
    if (Array.isArray(left) && Array.isArray(right))
        return left.concat(right);
    return noOverload('_+_', left, right);
}
export function celSubtract(left, right) {
    if (typeof left === 'bigint' && typeof right === 'bigint')
        return checkedInt(left - right, '-');
    if (typeof left === 'number' && typeof right === 'number')
        return left - right;
    return noOverload('_-_', left, right);
}
export function celNegate(value) {
    if (typeof value === 'bigint')
        return checkedInt(-value, '-');
    if (typeof value === 'number')
        return -value;
    return noOverload('-_', value);
}
function checkedInt(value, operator) {
    return value < int64Min || value > int64Max ? new CelEvalError(`int overflow during ${operator}`) : value;
}
/** `list[index]` or `map[key]`. */
export function celIndex(container, key) {
    if (Array.isArray(container)) {
        let index;
        if (typeof key === 'bigint')
            index = Number(key);
        else if (typeof key === 'number' && Number.isInteger(key))
            index = key;
        else
            return noOverload('_[_]', container, key);
        if (index < 0 || index >= container.length)
            return new CelEvalError(`index out of bounds: ${index}`);
        return container[index];
    }
    if (isCelMapValue(container)) {
        if (typeof key !== 'string')
            return new CelEvalError(`no such key: ${String(key)}`);
        const value = mapGet(container, key);
        return value === undefined ? new CelEvalError(`no such key: ${key}`) : value;
    }
    return noOverload('_[_]', container, key);
}
/** `element in list` or `key in map`. */
export function celIn(element, container) {
    if (Array.isArray(container)) {
        for (const item of container)
            if (celEquals(element, item))
                return true;
        return false;
    }
    if (isCelMapValue(container))
        return typeof element === 'string' && mapGet(container, element) !== undefined;
    return noOverload('@in', element, container);
}
//# sourceMappingURL=cel-values.js.map