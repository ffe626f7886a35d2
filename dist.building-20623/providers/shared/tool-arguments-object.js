import { parseJsonObject } from "./parse-json-object.js";
/**
 * Canonical tool-call arguments (the JSON text the model produced) as the JSON object that Anthropic
 * (`tool_use.input`), Gemini (`functionCall.args`) and Ollama (`tool_calls[].function.arguments`) want. Empty
 * text (some clients send it for no arguments) is `{}`; text that is not a JSON object returns `undefined`.
 * @see https://ai.google.dev/api/caching#FunctionCall
 */
export function toolArgumentsObject(text) {
    return text.trim() === '' ? {} : parseJsonObject(text);
}
/**
 * {@link toolArgumentsObject}, with `{}` and a `tool-call.arguments` warning for text that is not a JSON object,
 * since the provider (`providerName`, for the message) cannot carry it.
 */
export function toolArgumentsObjectOrEmpty(text, toolCallId, providerName, warnings) {
    const value = toolArgumentsObject(text);
    if (value !== undefined)
        return value;
    warnings.push({
        type: 'other',
        setting: 'tool-call.arguments',
        message: `The arguments of tool call ${toolCallId} are not a JSON object; ${providerName} was sent {} instead.`,
    });
    return {};
}
//# sourceMappingURL=tool-arguments-object.js.map