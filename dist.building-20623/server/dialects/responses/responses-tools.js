import { GatewayError } from "../../../core/errors/gateway-error.js";
/** The separator between a namespace and a tool name in the canonical name (`crm__lookup`); every provider accepts it. */
export const namespaceSeparator = '__';
const canonicalNamePattern = /^[A-Za-z0-9_-]{1,64}$/;
/** The canonical name of a tool, in a namespace or not. */
export function canonicalToolName(name, namespace) {
    return namespace ? `${namespace}${namespaceSeparator}${name}` : name;
}
/**
 * Translates Responses tools to canonical function tools. A custom (free-form) tool becomes a function taking one
 * string, `input` (its grammar, if any, goes into the description); a namespace's tools become functions named
 * `namespace__name`. Hosted tools (`web_search`, `file_search`, `code_interpreter`, ...) run inside OpenAI: no other
 * provider can run them, so they are left out and listed in `omitted`.
 * @see https://platform.openai.com/docs/guides/function-calling
 */
export function translateResponsesTools(tools) {
    const result = { tools: [], origins: new Map(), omitted: [] };
    const add = (tool, param, namespace) => {
        const name = canonicalToolName(tool.name, namespace);
        if (!canonicalNamePattern.test(name)) {
            throw new GatewayError('invalid_request', {
                param,
                message: `Invalid value for '${param}': tool names must be 1-64 letters, digits, '_' or '-'${namespace ? ` (with the namespace: '${name.slice(0, 80)}')` : ''}.`,
            });
        }
        if (result.origins.has(name)) {
            throw new GatewayError('invalid_request', { param, message: `Invalid value for '${param}': the tool name '${name}' is declared twice.` });
        }
        result.origins.set(name, { kind: tool.type, name: tool.name, ...(namespace ? { namespace } : {}) });
        result.tools.push(tool.type === 'function' ? functionDefinition(name, tool) : customDefinition(name, tool));
    };
    tools.forEach((tool, index) => {
        if (tool.type === 'function' || tool.type === 'custom')
            add(tool, `tools[${index}].name`);
        else if (tool.type === 'namespace' && 'tools' in tool && Array.isArray(tool.tools)) {
            const namespace = tool.name;
            tool.tools.forEach((inner, innerIndex) => add(inner, `tools[${index}].tools[${innerIndex}].name`, namespace));
        }
        else if (!result.omitted.includes(tool.type))
            result.omitted.push(tool.type);
    });
    return result;
}
function functionDefinition(name, tool) {
    const definition = { name, inputSchema: tool.parameters ?? { type: 'object', properties: {} } };
    if (typeof tool.description === 'string')
        definition.description = tool.description;
    if (typeof tool.strict === 'boolean')
        definition.strict = tool.strict;
    return definition;
}
function customDefinition(name, tool) {
    const format = tool.format;
    let inputDescription = 'The free-form input of the tool.';
    if (format && format.type === 'grammar' && typeof format.definition === 'string') {
        inputDescription = `The input, which must follow this ${String(format.syntax ?? '')} grammar:\n${format.definition}`;
    }
    const definition = {
        name,
        inputSchema: { type: 'object', properties: { input: { type: 'string', description: inputDescription } }, required: ['input'], additionalProperties: false },
    };
    if (typeof tool.description === 'string')
        definition.description = tool.description;
    return definition;
}
/**
 * The canonical tool choice (and, for `allowed_tools`, the tools it narrows the list to). Forcing a hosted tool, or
 * a tool that is not declared, is refused.
 */
export function translateResponsesToolChoice(choice, translated) {
    if (choice === 'auto' || choice === 'none')
        return { choice: { type: choice } };
    if (translated.tools.length === 0) {
        throw new GatewayError('invalid_request', { param: 'tool_choice', message: "Invalid value for 'tool_choice': a tool can only be required when 'tools' are given." });
    }
    if (choice === 'required')
        return { choice: { type: 'required' } };
    if (choice.type === 'function' || choice.type === 'custom') {
        const name = choice.name;
        if (!translated.origins.has(name)) {
            throw new GatewayError('invalid_request', {
                param: 'tool_choice.name',
                message: `Invalid value for 'tool_choice.name': no ${choice.type} tool named ${JSON.stringify(name.slice(0, 64))} is in 'tools'.`,
            });
        }
        return { choice: { type: 'tool', name } };
    }
    if (choice.type === 'allowed_tools' && 'tools' in choice && Array.isArray(choice.tools)) {
        const allowed = new Set();
        choice.tools.forEach((tool, index) => {
            const name = tool.name ?? '';
            if ((tool.type !== 'function' && tool.type !== 'custom') || !translated.origins.has(name)) {
                throw new GatewayError('invalid_request', {
                    param: `tool_choice.tools[${index}]`,
                    message: `Invalid value for 'tool_choice.tools[${index}]': only declared function and custom tools can be allowed here.`,
                });
            }
            allowed.add(name);
        });
        const tools = translated.tools.filter((tool) => allowed.has(tool.name));
        return { choice: { type: choice.mode === 'required' ? 'required' : 'auto' }, tools };
    }
    throw new GatewayError('invalid_request', {
        param: 'tool_choice.type',
        message: `Invalid value for 'tool_choice.type': '${choice.type}' is a hosted tool that only OpenAI runs; the gateway translates function and custom tools.`,
    });
}
//# sourceMappingURL=responses-tools.js.map