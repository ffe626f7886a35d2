import { CelEvalError, celAdd, celCompare, celEquals, celIn, celIndex, celNegate, celSize, celSubtract, isCelEvalError, isCelMapValue, mapGet, noOverload, } from "./cel-values.js";
/**
 * What generated condition code calls (as `H`) for everything but the fast paths it writes inline: CEL's
 * operators on any operand types, and the construction of error values.
 * @see https://github.com/google/cel-spec/blob/master/doc/langdef.md#functions
 */
export const celRuntime = {
    isMap: isCelMapValue,
    mapGet,
    noKey: (field) => new CelEvalError(`no such key: ${field}`),
    undeclared: (name) => new CelEvalError(`undeclared reference to '${name}'`),
    noOverload,
    equals: celEquals,
    compare(operator, left, right) {
        const order = celCompare(left, right);
        if (order === undefined)
            return noOverload(operator, left, right);
        switch (operator) {
            case '_<_': return order < 0;
            case '_<=_': return order <= 0;
            case '_>_': return order > 0;
            default: return order >= 0;
        }
    },
    in: celIn,
    index: celIndex,
    add: celAdd,
    subtract: celSubtract,
    negate: celNegate,
    size: celSize,
    logicError: (value) => (isCelEvalError(value) ? value : new CelEvalError(`type mismatch: expected bool, got ${typeof value}`)),
    list(values) {
        for (const value of values)
            if (isCelEvalError(value))
                return value;
        return values;
    },
    items(container) {
        if (Array.isArray(container))
            return container;
        if (isCelMapValue(container))
            return Object.keys(container).filter((key) => container[key] !== undefined);
        return noOverload('comprehension', container);
    },
};
//# sourceMappingURL=cel-runtime.js.map