import { compileCondition } from "../policy/cel-condition.js";
import { validateJsonSchema } from "./validate-json-schema.js";
export const cascadeCheckNames = ['json', 'tool-calls', 'non-empty', 'refusal', 'length', 'expression'];
/** Variables the acceptance expression may read. */
export const cascadeResponseFields = {
    response: { text: 'string', finishReason: 'string', toolCallCount: 'int', outputTokens: 'int' },
};
/** Compiles the acceptance expression once, at start-up. */
export function compileCascadeExpression(source) {
    return compileCondition(source, cascadeResponseFields);
}
// Openings of refusals as the major models phrase them; matched at the start of the answer only.
const refusal = /^\s*(?:i(?:'m| am) sorry,? but|i can(?:no|')t (?:help|assist|comply|provide)|i(?:'m| am) (?:not able|unable) to (?:help|assist|comply)|as an ai(?: language model)?,? i can(?:no|')t)/i;
/**
 * Runs the configured checks on an answer, in order, and returns the first failure (or undefined: accept).
 * `json` applies when the request asked for JSON (a schema is validated too); `tool-calls` when the answer calls
 * tools (known name, arguments that parse and satisfy the tool's schema); `non-empty` fails an answer with no
 * text and no tool call; `refusal` fails a refusal; `length` fails an answer cut by the token limit;
 * `expression` evaluates the configured CEL acceptance expression (an evaluation error fails the check).
 */
export function checkAnswer(request, result, options) {
    let text = '';
    const calls = [];
    for (const part of result.content) {
        if (part.type === 'text')
            text += part.text;
        else if (part.type === 'tool-call')
            calls.push(part);
    }
    for (const check of options.checks) {
        switch (check) {
            case 'json': {
                const format = request.responseFormat;
                if (!format || format.type === 'text' || calls.length > 0)
                    break;
                let value;
                try {
                    value = JSON.parse(text);
                }
                catch {
                    return { check, reason: 'the answer is not valid JSON' };
                }
                if (format.type === 'json-schema') {
                    const problem = validateJsonSchema(value, format.schema);
                    if (problem)
                        return { check, reason: `the answer does not match the schema: ${problem}` };
                }
                break;
            }
            case 'tool-calls': {
                for (const call of calls) {
                    const tool = request.tools?.find((candidate) => candidate.name === call.name);
                    if (!tool)
                        return { check, reason: `the answer calls an unknown tool "${call.name}"` };
                    let argumentsValue;
                    try {
                        argumentsValue = JSON.parse(call.arguments === '' ? '{}' : call.arguments);
                    }
                    catch {
                        return { check, reason: `the arguments of ${call.name} are not valid JSON` };
                    }
                    const problem = validateJsonSchema(argumentsValue, tool.inputSchema);
                    if (problem)
                        return { check, reason: `the arguments of ${call.name} do not match its schema: ${problem}` };
                }
                break;
            }
            case 'non-empty':
                if (text.trim() === '' && calls.length === 0)
                    return { check, reason: 'the answer is empty' };
                break;
            case 'refusal':
                if (calls.length === 0 && refusal.test(text))
                    return { check, reason: 'the answer is a refusal' };
                break;
            case 'length':
                if (result.finishReason.unified === 'length')
                    return { check, reason: 'the answer was cut by the token limit' };
                break;
            case 'expression': {
                if (!options.accept)
                    break;
                const outcome = options.accept.evaluate({
                    // CEL ints are 64-bit: bound as bigint.
                    response: {
                        text,
                        finishReason: result.finishReason.unified,
                        toolCallCount: BigInt(calls.length),
                        outputTokens: BigInt(Math.max(0, Math.trunc(result.usage.outputTokens))),
                    },
                });
                if (outcome !== true) {
                    return { check, reason: outcome === false ? `the acceptance expression is false: ${options.accept.source}` : `the acceptance expression failed: ${outcome.message}` };
                }
                break;
            }
        }
    }
    return undefined;
}
//# sourceMappingURL=cascade-checks.js.map