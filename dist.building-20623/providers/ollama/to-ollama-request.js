import { toOllamaMessages } from "./to-ollama-messages.js";
/**
 * A canonical chat request → the body of `POST /api/chat`. Sampling settings go to `options` under their
 * Modelfile names (`num_predict` for the token limit); JSON mode is `format: "json"`, a JSON schema is
 * `format: <schema>`. Ollama has no tool choice: `none` leaves the tools out, one named tool is offered alone
 * (with a warning, since the call cannot be forced), `required` only warns; `parallelToolCalls` warns.
 * `providerOptions.ollama` is merged into the body (`options` one level deep), e.g. `keep_alive`, `think`,
 * `options.num_ctx`.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 */
export function toOllamaRequest(request, stream) {
    const warnings = [];
    const body = { model: request.model, messages: toOllamaMessages(request.messages, warnings), stream };
    const tools = selectTools(request, warnings);
    if (tools.length > 0)
        body.tools = tools.map(toOllamaTool);
    const format = request.responseFormat;
    if (format?.type === 'json')
        body.format = 'json';
    if (format?.type === 'json-schema')
        body.format = format.schema;
    const { options: extraOptions, ...extraFields } = request.providerOptions?.ollama ?? {};
    const options = { ...toOllamaOptions(request), ...(isRecord(extraOptions) ? extraOptions : {}) };
    if (Object.keys(options).length > 0)
        body.options = options;
    Object.assign(body, extraFields);
    if (request.parallelToolCalls !== undefined) {
        warnings.push({ type: 'unsupported-setting', setting: 'parallelToolCalls', message: 'Ollama has no switch for parallel tool calls.' });
    }
    return { body, warnings };
}
function selectTools(request, warnings) {
    const tools = request.tools ?? [];
    const choice = request.toolChoice;
    if (tools.length === 0 || choice === undefined || choice.type === 'auto')
        return tools;
    if (choice.type === 'none')
        return [];
    warnings.push({
        type: 'unsupported-setting',
        setting: 'toolChoice',
        message: choice.type === 'tool'
            ? `Ollama cannot force a tool call; only ${choice.name} was offered.`
            : 'Ollama cannot force a tool call; the model may answer without one.',
    });
    return choice.type === 'tool' ? tools.filter((tool) => tool.name === choice.name) : tools;
}
function toOllamaTool(tool) {
    return {
        type: 'function',
        function: { name: tool.name, ...(tool.description === undefined ? {} : { description: tool.description }), parameters: tool.inputSchema },
    };
}
function toOllamaOptions(request) {
    const options = {};
    if (request.temperature !== undefined)
        options.temperature = request.temperature;
    if (request.topP !== undefined)
        options.top_p = request.topP;
    if (request.topK !== undefined)
        options.top_k = request.topK;
    if (request.maxOutputTokens !== undefined)
        options.num_predict = request.maxOutputTokens;
    if (request.stopSequences !== undefined && request.stopSequences.length > 0)
        options.stop = request.stopSequences;
    if (request.seed !== undefined)
        options.seed = request.seed;
    if (request.presencePenalty !== undefined)
        options.presence_penalty = request.presencePenalty;
    if (request.frequencyPenalty !== undefined)
        options.frequency_penalty = request.frequencyPenalty;
    return options;
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
//# sourceMappingURL=to-ollama-request.js.map