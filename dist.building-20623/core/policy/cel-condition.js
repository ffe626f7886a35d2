import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { CelUnsupported, compileCelBatch, compileCelFunction } from "./cel-codegen.js";
import { CelEvalError, isCelEvalError } from "./cel-values.js";
/** A condition that does not parse or names something that does not exist; line and column are 1-based. */
export class CelCompileError extends Error {
    detail;
    line;
    column;
    constructor(detail, line, column) {
        super(`${line}:${column}: ${detail}`);
        this.detail = detail;
        this.line = line;
        this.column = column;
        this.name = 'CelCompileError';
    }
}
let sharedEnv;
/** Standard library plus the `strings` extension (lowerAscii, split, ...). */
function environment() {
    sharedEnv ??= celEnv({ funcs: strings });
    return sharedEnv;
}
/** Built into the planner rather than registered as functions. */
const plannerOperators = new Set(['_&&_', '_||_', '_?_:_', '_[_]', '_[?_]', '_?._', '@not_strictly_false', '__not_strictly_false__']);
/**
 * Parses and checks a CEL condition once: syntax, unknown variables, unknown fields of the root variables and
 * unknown functions are compile errors with a position. The condition is then compiled to a JavaScript function
 * when it stays within the fast subset, else planned with the `@bufbuild/cel` interpreter.
 * @see https://github.com/google/cel-spec/blob/master/doc/langdef.md
 */
export function compileCondition(source, variables, options = {}) {
    let parsed;
    try {
        parsed = parse(source);
    }
    catch (error) {
        const location = error.location?.start;
        const raw = error.rawMessage ?? error.message;
        throw new CelCompileError(`syntax error: ${raw}`, location?.line ?? 1, location?.column ?? 1);
    }
    const positions = parsed.sourceInfo?.positions ?? {};
    const fail = (expr, detail) => {
        const offset = positions[String(expr.id)] ?? 0;
        const before = source.slice(0, offset).split('\n');
        throw new CelCompileError(detail, before.length, (before.at(-1)?.length ?? 0) + 1);
    };
    validate(parsed.expr, variables, new Set(), fail);
    try {
        if (options.engine === 'interpreter')
            throw new CelUnsupported('interpreter requested');
        const compiled = compileCelFunction(parsed.expr, variables);
        return {
            source,
            expr: parsed.expr,
            engine: 'compiled',
            evaluate: (bindings) => {
                try {
                    const value = compiled(bindings);
                    return typeof value === 'boolean' ? value : asBoolean(value);
                }
                catch (error) {
                    return new CelEvalError(error instanceof Error ? error.message : String(error));
                }
            },
        };
    }
    catch (error) {
        if (!(error instanceof CelUnsupported))
            throw error;
    }
    const planned = plan(environment(), parsed);
    return {
        source,
        expr: parsed.expr,
        engine: 'interpreter',
        evaluate: (bindings) => {
            try {
                const value = planned(bindings);
                return isCelError(value) ? new CelEvalError(value.message) : asBoolean(value);
            }
            catch (error) {
                return new CelEvalError(error instanceof Error ? error.message : String(error));
            }
        },
    };
}
/**
 * Compiles conditions for evaluation together: the compiled ones into shared generated functions (see
 * `compileCelBatch`), the rest one by one through their interpreter plans.
 */
export function compileConditionBatch(conditions, variables) {
    const compiledIndexes = [];
    const interpreted = [];
    conditions.forEach((condition, index) => (condition.engine === 'compiled' ? compiledIndexes : interpreted).push(index));
    const batch = compileCelBatch(compiledIndexes.map((index) => conditions[index].expr), compiledIndexes, variables);
    return (bindings, results, offset) => {
        try {
            batch(bindings, results, offset);
        }
        catch (error) {
            const failure = new CelEvalError(error instanceof Error ? error.message : String(error));
            for (const index of compiledIndexes)
                results[offset + index] = failure;
        }
        for (const index of interpreted)
            results[offset + index] = conditions[index].evaluate(bindings);
    };
}
/** Why a raw condition result is not an outcome (see `ConditionBatch`). */
export function conditionError(value) {
    const result = asBoolean(value);
    return typeof result === 'boolean' ? new CelEvalError('the condition must evaluate to a bool') : result;
}
function asBoolean(value) {
    if (typeof value === 'boolean' || isCelEvalError(value))
        return value;
    return new CelEvalError(`the condition must evaluate to a bool, not ${Array.isArray(value) ? 'a list' : typeof value}`);
}
function validate(expr, variables, locals, fail) {
    if (expr === undefined)
        return;
    const kind = expr.exprKind;
    switch (kind.case) {
        case 'identExpr':
            if (!locals.has(kind.value.name) && !Object.hasOwn(variables, kind.value.name)) {
                fail(expr, `undeclared reference to '${kind.value.name}' (variables: ${Object.keys(variables).join(', ')})`);
            }
            return;
        case 'selectExpr': {
            const operand = kind.value.operand;
            if (operand?.exprKind.case === 'identExpr' && !locals.has(operand.exprKind.value.name)) {
                const fields = Object.hasOwn(variables, operand.exprKind.value.name) ? variables[operand.exprKind.value.name] : undefined;
                if (fields !== undefined && !Object.hasOwn(fields, kind.value.field)) {
                    fail(expr, `unknown field '${operand.exprKind.value.name}.${kind.value.field}' (fields: ${Object.keys(fields).join(', ')})`);
                }
            }
            validate(operand, variables, locals, fail);
            return;
        }
        case 'callExpr': {
            const { function: name, target, args } = kind.value;
            const qualified = target?.exprKind.case === 'identExpr' && !locals.has(target.exprKind.value.name)
                && !Object.hasOwn(variables, target.exprKind.value.name)
                && environment().funcs.find(`${target.exprKind.value.name}.${name}`) !== undefined;
            if (!plannerOperators.has(name) && !qualified && environment().funcs.find(name) === undefined) {
                fail(expr, `unknown function '${name}'`);
            }
            if (!qualified)
                validate(target, variables, locals, fail);
            for (const arg of args)
                validate(arg, variables, locals, fail);
            return;
        }
        case 'listExpr':
            for (const element of kind.value.elements)
                validate(element, variables, locals, fail);
            return;
        case 'structExpr':
            for (const entry of kind.value.entries) {
                if (entry.keyKind.case === 'mapKey')
                    validate(entry.keyKind.value, variables, locals, fail);
                validate(entry.value, variables, locals, fail);
            }
            return;
        case 'comprehensionExpr': {
            const comprehension = kind.value;
            validate(comprehension.iterRange, variables, locals, fail);
            validate(comprehension.accuInit, variables, locals, fail);
            const inner = new Set(locals).add(comprehension.iterVar).add(comprehension.accuVar);
            if (comprehension.iterVar2 !== '')
                inner.add(comprehension.iterVar2);
            validate(comprehension.loopCondition, variables, inner, fail);
            validate(comprehension.loopStep, variables, inner, fail);
            validate(comprehension.result, variables, new Set(locals).add(comprehension.accuVar), fail);
            return;
        }
        default:
            return;
    }
}
//# sourceMappingURL=cel-condition.js.map