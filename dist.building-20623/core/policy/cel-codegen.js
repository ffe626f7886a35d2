import { CelEvalError, isInheritedKey } from "./cel-values.js";
import { celRuntime } from "./cel-runtime.js";
/** Thrown while compiling when a construct is outside the subset; the caller then uses the interpreter. */
export class CelUnsupported extends Error {
}
const typeChecks = {
    bool: (value) => `typeof ${value} === "boolean"`,
    string: (value) => `typeof ${value} === "string"`,
    int: (value) => `typeof ${value} === "bigint"`,
    double: (value) => `typeof ${value} === "number"`,
    list: (value) => `Array.isArray(${value})`,
    map: (value) => `H.isMap(${value})`,
};
const comparisonOperators = new Set(['_<_', '_<=_', '_>_', '_>=_']);
const jsComparison = { '_<_': '<', '_<=_': '<=', '_>_': '>', '_>=_': '>=' };
const stringMethods = { startsWith: 'startsWith', endsWith: 'endsWith', contains: 'includes' };
/**
 * Generates one JavaScript function per CEL condition, once, at policy load. Each condition gets its own
 * straight-line code (so its own inline caches), which evaluates a typical policy condition in tens of
 * nanoseconds where the `@bufbuild/cel` tree-walking interpreter takes microseconds. Safe by construction:
 * the generated text contains only generated names, numbers, and strings escaped with `JSON.stringify`;
 * CEL identifiers are never emitted. Semantics are CEL's (error values absorbed by `&&`/`||`, heterogeneous
 * equality, int/double comparison) for the subset: literals, field selection, `has`, comparisons, `in`, logic,
 * ternary, `size`, `startsWith`/`endsWith`/`contains`, indexing, list literals, `+`/`-`, and the macros `all`,
 * `exists`, `exists_one`, `map`, `filter`. Anything else, or a runtime without `Function` (a strict CSP),
 * throws `CelUnsupported`. A differential property test keeps it equal to the interpreter.
 * @see https://github.com/google/cel-spec/blob/master/doc/langdef.md
 */
export function compileCelFunction(expr, fieldTypes = {}) {
    const generator = new Generator(fieldTypes);
    const result = generator.node(expr);
    return instantiate(generator, 'function condition(B) {', `return ${result};`);
}
/** Conditions per generated function: keeps each well under V8's size limit for optimised functions. */
const batchChunk = 16;
/**
 * Compiles many conditions (every policy of a set) into a few functions that share one prelude: each field of
 * `principal`, `profile` and `request` is read once per request rather than once per condition, and there is
 * one call per sixteen conditions instead of one per condition.
 */
export function compileCelBatch(exprs, slots = exprs.map((_, index) => index), fieldTypes = {}) {
    const chunks = [];
    for (let start = 0; start < exprs.length; start += batchChunk) {
        const generator = new Generator(fieldTypes);
        exprs.slice(start, start + batchChunk).forEach((expr, index) => {
            const result = generator.node(expr);
            generator.lines.push(`O[o + ${slots[start + index]}] = ${result};`);
        });
        chunks.push(instantiate(generator, 'function conditions(B, O, o) {', ''));
    }
    if (chunks.length === 1)
        return chunks[0];
    return (bindings, results, offset) => {
        for (const chunk of chunks)
            chunk(bindings, results, offset);
    };
}
function instantiate(generator, header, footer) {
    const body = ['"use strict";', `return ${header}`, generator.declarations(), ...generator.prelude, ...generator.lines, footer, '};'].join('\n');
    let factory;
    try {
        factory = new Function('H', 'E', 'K', body);
    }
    catch (error) {
        throw new CelUnsupported(`code generation unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
    return factory(celRuntime, CelEvalError, generator.constants);
}
class Generator {
    fieldTypes;
    prelude = [];
    lines = [];
    constants = [];
    temporaries = 0;
    roots = new Map();
    rootFields = new Map();
    locals = new Map();
    types = new Map();
    constructor(fieldTypes) {
        this.fieldTypes = fieldTypes;
    }
    /** The static type of a generated value (a literal, a constant or a temporary). */
    typeOf(value) {
        if (value === 'true' || value === 'false')
            return 'bool';
        if (value === 'null')
            return 'null';
        if (/^-?\d+n$/.test(value))
            return 'int';
        if (value.startsWith('"'))
            return 'string';
        return this.types.get(value) ?? 'dyn';
    }
    typed(value, type) {
        if (type !== 'dyn')
            this.types.set(value, type);
        return value;
    }
    /** JS text testing whether a generated value is an error: `false` when its type is known. */
    err(value) {
        if (this.typeOf(value) !== 'dyn')
            return 'false';
        return `(typeof ${value} === "object" && ${value} !== null && ${value}.constructor === E)`;
    }
    declarations() {
        const names = Array.from({ length: this.temporaries }, (_, index) => `t${index}`);
        return names.length === 0 ? '' : `let ${names.join(', ')};`;
    }
    temporary() {
        return `t${this.temporaries++}`;
    }
    constant(value) {
        this.constants.push(value);
        const name = `K[${this.constants.length - 1}]`;
        return this.typed(name, typeof value === 'number' ? 'double' : Array.isArray(value) ? 'list' : 'dyn');
    }
    /** Emits statements computing `expr` into the current block; returns a side-effect-free JS expression for it. */
    node(expr) {
        if (expr === undefined)
            throw new CelUnsupported('empty expression');
        const kind = expr.exprKind;
        switch (kind.case) {
            case 'constExpr': return this.literal(kind.value.constantKind);
            case 'identExpr': return this.identifier(kind.value.name);
            case 'selectExpr': {
                const { operand, field, testOnly } = kind.value;
                if (!testOnly && operand?.exprKind.case === 'identExpr' && !this.locals.has(operand.exprKind.value.name)) {
                    return this.rootField(operand.exprKind.value.name, field);
                }
                const value = this.node(operand);
                const target = this.temporary();
                this.lines.push(testOnly ? this.presence(target, value, field) : this.select(target, value, field));
                return target;
            }
            case 'listExpr': {
                if (kind.value.optionalIndices.length > 0)
                    throw new CelUnsupported('optional list elements');
                const constants = constantList(kind.value.elements);
                if (constants !== undefined)
                    return this.constant(constants);
                const values = kind.value.elements.map((element) => this.node(element));
                const target = this.temporary();
                if (values.every((value) => this.typeOf(value) !== 'dyn')) {
                    this.lines.push(`${target} = [${values.join(', ')}];`);
                    return this.typed(target, 'list');
                }
                this.lines.push(`${target} = H.list([${values.join(', ')}]);`);
                return target;
            }
            case 'callExpr': return this.call(kind.value.function, kind.value.target, kind.value.args);
            case 'comprehensionExpr': return this.comprehension(kind.value);
            default: throw new CelUnsupported(`expression ${String(kind.case)}`);
        }
    }
    literal(constant) {
        switch (constant.case) {
            case 'boolValue': return constant.value ? 'true' : 'false';
            case 'stringValue': return JSON.stringify(constant.value);
            case 'int64Value': return `${BigInt(constant.value).toString()}n`;
            case 'doubleValue': return this.constant(constant.value);
            case 'nullValue': return 'null';
            default: throw new CelUnsupported(`constant ${String(constant.case)}`);
        }
    }
    identifier(name) {
        const local = this.locals.get(name);
        if (local !== undefined)
            return local;
        let root = this.roots.get(name);
        if (root === undefined) {
            root = `R${this.roots.size}`;
            this.roots.set(name, root);
            const key = JSON.stringify(name);
            this.prelude.push(`const ${root} = B[${key}] === undefined ? H.undeclared(${key}) : B[${key}];`);
        }
        return root;
    }
    /** Fields of root variables are read once, at the top of the function (reading is pure). */
    rootField(name, field) {
        const key = `${name}\u0000${field}`;
        let target = this.rootFields.get(key);
        if (target === undefined) {
            const root = this.identifier(name);
            target = `F${this.rootFields.size}`;
            this.rootFields.set(key, target);
            this.prelude.push(`let ${target};`, this.select(target, root, field));
            const type = Object.hasOwn(this.fieldTypes, name) && Object.hasOwn(this.fieldTypes[name], field) ? this.fieldTypes[name][field] : 'dyn';
            const check = typeChecks[type];
            if (check !== undefined) {
                this.prelude.push(`if (!(${check(target)})) throw new TypeError(${JSON.stringify(`binding ${name}.${field} is not a ${type}`)});`);
                this.typed(target, type);
            }
        }
        return target;
    }
    select(target, value, field) {
        const key = JSON.stringify(field);
        const read = isInheritedKey(field) ? `H.mapGet(${value}, ${key})` : `${value}[${key}]`;
        return `if (typeof ${value} === "object" && ${value} !== null && !Array.isArray(${value}) && !${this.err(value)}) `
            + `{ ${target} = ${read}; if (${target} === undefined) ${target} = H.noKey(${key}); } `
            + `else ${target} = ${this.err(value)} ? ${value} : H.noOverload(${JSON.stringify(`.${field}`)}, ${value});`;
    }
    presence(target, value, field) {
        return `${target} = ${this.err(value)} ? ${value} : H.isMap(${value}) ? H.mapGet(${value}, ${JSON.stringify(field)}) !== undefined : H.noOverload("has", ${value});`;
    }
    /** Compiles `expr` into a nested block; returns the block's statements and its result expression. */
    block(expr) {
        const outer = this.lines;
        this.lines = [];
        const value = this.node(expr);
        const code = this.lines.join('\n');
        this.lines = outer;
        return { code, value };
    }
    call(name, targetExpr, args) {
        const target = this.temporary();
        if (targetExpr !== undefined) {
            const receiver = this.node(targetExpr);
            if (name === 'size' && args.length === 0)
                return this.size(target, receiver);
            const method = stringMethods[name];
            if (method === undefined || args.length !== 1)
                throw new CelUnsupported(`method ${name}`);
            const argument = this.node(args[0]);
            if (this.typeOf(receiver) === 'string' && this.typeOf(argument) === 'string') {
                this.lines.push(`${target} = ${receiver}.${method}(${argument});`);
                return this.typed(target, 'bool');
            }
            this.lines.push(`${target} = ${this.err(receiver)} ? ${receiver} : ${this.err(argument)} ? ${argument} : `
                + `typeof ${receiver} === "string" && typeof ${argument} === "string" ? ${receiver}.${method}(${argument}) : H.noOverload(${JSON.stringify(name)}, ${receiver}, ${argument});`);
            return target;
        }
        switch (name) {
            case '_&&_':
            case '_||_': {
                const decisive = name === '_||_' ? 'true' : 'false';
                const left = this.node(args[0]);
                const right = this.block(args[1]);
                if (this.typeOf(left) === 'bool' && this.typeOf(right.value) === 'bool') {
                    this.lines.push(`if (${left} === ${decisive}) ${target} = ${decisive}; else {`, right.code, `${target} = ${right.value}; }`);
                    return this.typed(target, 'bool');
                }
                this.lines.push(`if (${left} === ${decisive}) ${target} = ${decisive}; else {`, right.code, `${target} = ${right.value} === ${decisive} ? ${decisive} : typeof ${left} !== "boolean" ? H.logicError(${left}) : typeof ${right.value} !== "boolean" ? H.logicError(${right.value}) : ${left}; }`);
                return target;
            }
            case '_?_:_': {
                const condition = this.node(args[0]);
                const whenTrue = this.block(args[1]);
                const whenFalse = this.block(args[2]);
                this.lines.push(`if (${condition} === true) {`, whenTrue.code, `${target} = ${whenTrue.value}; } else if (${condition} === false) {`, whenFalse.code, `${target} = ${whenFalse.value}; } else ${target} = ${this.err(condition)} ? ${condition} : H.noOverload("_?_:_", ${condition});`);
                const branchType = this.typeOf(whenTrue.value);
                return this.typeOf(condition) === 'bool' && branchType === this.typeOf(whenFalse.value) ? this.typed(target, branchType) : target;
            }
            case '@not_strictly_false': {
                const value = this.node(args[0]);
                this.lines.push(`${target} = ${value} !== false;`);
                return this.typed(target, 'bool');
            }
            case '!_': {
                const value = this.node(args[0]);
                if (this.typeOf(value) === 'bool') {
                    this.lines.push(`${target} = !${value};`);
                    return this.typed(target, 'bool');
                }
                this.lines.push(`${target} = typeof ${value} === "boolean" ? !${value} : ${this.err(value)} ? ${value} : H.noOverload("!_", ${value});`);
                return target;
            }
            case 'size':
            case '-_': {
                if (args.length !== 1)
                    throw new CelUnsupported(`function ${name}`);
                const value = this.node(args[0]);
                if (name === 'size')
                    return this.size(target, value);
                this.lines.push(`${target} = ${this.err(value)} ? ${value} : H.negate(${value});`);
                return target;
            }
            case '@in': {
                const left = this.node(args[0]);
                const listExpr = args[1];
                const constants = listExpr?.exprKind.case === 'listExpr' ? constantList(listExpr.exprKind.value.elements) : undefined;
                if (constants !== undefined && constants.every((value) => typeof value === 'string')) {
                    // A string is in a list of strings when it is one of them: a chain of === for short lists, a Set beyond.
                    const membership = constants.length <= 8
                        ? (constants.length === 0 ? 'false' : constants.map((value) => `${left} === ${JSON.stringify(value)}`).join(' || '))
                        : `${this.constant(new Set(constants))}.has(${left})`;
                    const list = this.constant(constants);
                    const leftType = this.typeOf(left);
                    if (leftType === 'string')
                        this.lines.push(`${target} = ${membership};`);
                    else if (leftType !== 'dyn')
                        this.lines.push(`${target} = H.in(${left}, ${list});`);
                    else
                        this.lines.push(`${target} = typeof ${left} === "string" ? (${membership}) : ${this.err(left)} ? ${left} : H.in(${left}, ${list});`);
                    return leftType === 'dyn' ? target : this.typed(target, 'bool');
                }
                const right = this.node(listExpr);
                const rightType = this.typeOf(right);
                if (this.typeOf(left) === 'string' && rightType === 'list') {
                    // A string equals only an identical string, so `includes` is CEL's membership for a list.
                    this.lines.push(`${target} = ${right}.includes(${left});`);
                    return this.typed(target, 'bool');
                }
                if (args[0]?.exprKind.case === 'constExpr' && args[0].exprKind.value.constantKind.case === 'stringValue') {
                    this.lines.push(`${target} = Array.isArray(${right}) ? ${right}.includes(${left}) : ${this.err(right)} ? ${right} : H.in(${left}, ${right});`);
                    return target;
                }
                this.lines.push(this.binary(target, left, right, `H.in(${left}, ${right})`));
                return this.typeOf(left) !== 'dyn' && (rightType === 'list' || rightType === 'map') ? this.typed(target, 'bool') : target;
            }
            case '_==_':
            case '_!=_': {
                const negate = name === '_!=_' ? '!' : '';
                const left = this.node(args[0]);
                const right = this.node(args[1]);
                const constant = isIdentityLiteral(args[1]) ? right : isIdentityLiteral(args[0]) ? left : undefined;
                const other = constant === right ? left : right;
                if (constant !== undefined) {
                    // A string, bool or null literal equals only the identical value (heterogeneous equality is false).
                    this.lines.push(`${target} = ${this.guard([other], `${negate}(${other} === ${constant})`)};`);
                }
                else {
                    this.lines.push(this.binary(target, left, right, `${negate}H.equals(${left}, ${right})`));
                }
                return this.typeOf(left) !== 'dyn' && this.typeOf(right) !== 'dyn' ? this.typed(target, 'bool') : target;
            }
            case '_[_]':
            case '_+_':
            case '_-_': {
                const helper = name === '_[_]' ? 'index' : name === '_+_' ? 'add' : 'subtract';
                const left = this.node(args[0]);
                const right = this.node(args[1]);
                this.lines.push(this.binary(target, left, right, `H.${helper}(${left}, ${right})`));
                const leftType = this.typeOf(left);
                // Lists and strings concatenate without errors; int arithmetic can overflow, so it stays dynamic.
                return name === '_+_' && leftType === this.typeOf(right) && (leftType === 'list' || leftType === 'string') ? this.typed(target, leftType) : target;
            }
            default: {
                if (!comparisonOperators.has(name) || args.length !== 2)
                    throw new CelUnsupported(`function ${name}`);
                const left = this.node(args[0]);
                const right = this.node(args[1]);
                const leftType = this.typeOf(left);
                const rightType = this.typeOf(right);
                if ((leftType === 'int' && rightType === 'int') || (leftType === 'string' && rightType === 'string')) {
                    this.lines.push(`${target} = ${left} ${jsComparison[name]} ${right};`);
                    return this.typed(target, 'bool');
                }
                const numeric = (type) => type === 'int' || type === 'double';
                if ((numeric(leftType) && numeric(rightType)) || (leftType === 'bool' && rightType === 'bool')) {
                    this.lines.push(`${target} = H.compare(${JSON.stringify(name)}, ${left}, ${right});`);
                    return this.typed(target, 'bool');
                }
                const fast = `typeof ${left} === "bigint" && typeof ${right} === "bigint" ? ${left} ${jsComparison[name]} ${right}`
                    + ` : typeof ${left} === "string" && typeof ${right} === "string" ? ${left} ${jsComparison[name]} ${right}`;
                this.lines.push(this.binary(target, left, right, `${fast} : H.compare(${JSON.stringify(name)}, ${left}, ${right})`));
                return target;
            }
        }
    }
    size(target, value) {
        const type = this.typeOf(value);
        if (type === 'list' || type === 'string' || type === 'map') {
            this.lines.push(`${target} = H.size(${value});`);
            return this.typed(target, 'int');
        }
        this.lines.push(`${target} = ${this.err(value)} ? ${value} : H.size(${value});`);
        return target;
    }
    binary(target, left, right, expression) {
        return `${target} = ${this.guard([left, right], expression)};`;
    }
    /** `expression`, unless one of `values` is an error (the first one is the result); no test for typed values. */
    guard(values, expression) {
        let code = expression;
        for (let index = values.length - 1; index >= 0; index--) {
            const test = this.err(values[index]);
            if (test !== 'false')
                code = `${test} ? ${values[index]} : ${code}`;
        }
        return code;
    }
    comprehension(comprehension) {
        if (comprehension.iterVar2 !== '')
            throw new CelUnsupported('two-variable comprehension');
        const target = this.temporary();
        const items = this.temporary();
        const item = this.temporary();
        const accumulator = this.temporary();
        const range = this.node(comprehension.iterRange);
        const init = this.node(comprehension.accuInit);
        const outer = this.locals;
        this.locals = new Map(outer).set(comprehension.iterVar, item).set(comprehension.accuVar, accumulator);
        const condition = this.block(comprehension.loopCondition);
        const step = this.block(comprehension.loopStep);
        this.locals = new Map(outer).set(comprehension.accuVar, accumulator);
        const result = this.block(comprehension.result);
        this.locals = outer;
        this.lines.push(`${items} = ${this.err(range)} ? ${range} : H.items(${range});`, `if (${this.err(items)}) ${target} = ${items}; else if (${this.err(init)}) ${target} = ${init}; else {`, `${accumulator} = ${init}; ${target} = undefined;`, `for (${item} of ${items}) {`, condition.code, `if (${this.err(condition.value)}) { ${target} = ${condition.value}; break; }`, `if (${condition.value} !== true) break;`, step.code, `${accumulator} = ${step.value}; }`, `if (${target} === undefined) {`, result.code, `${target} = ${result.value}; } }`);
        return target;
    }
}
/** A string, bool or null literal: equal only to the identical JS value. */
function isIdentityLiteral(expr) {
    if (expr?.exprKind.case !== 'constExpr')
        return false;
    const kind = expr.exprKind.value.constantKind.case;
    return kind === 'stringValue' || kind === 'boolValue' || kind === 'nullValue';
}
/** The values of a list literal whose elements are all literals (folded once, frozen), else `undefined`. */
function constantList(elements) {
    const values = [];
    for (const element of elements) {
        const kind = element.exprKind;
        if (kind.case !== 'constExpr')
            return undefined;
        const constant = kind.value.constantKind;
        if (constant.case === 'stringValue' || constant.case === 'boolValue' || constant.case === 'int64Value' || constant.case === 'doubleValue') {
            values.push(constant.value);
        }
        else if (constant.case === 'nullValue')
            values.push(null);
        else
            return undefined;
    }
    return Object.freeze(values);
}
//# sourceMappingURL=cel-codegen.js.map