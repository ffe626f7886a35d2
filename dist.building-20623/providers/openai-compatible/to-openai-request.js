import { toOpenAIMessages } from "./to-openai-messages.js";
/**
 * Converts a canonical request to an OpenAI `POST /chat/completions` body: the inverse of the inbound parser.
 *
 * Fields a client sent that have no canonical equivalent (kept by the parser under `providerOptions.openai`) are
 * merged back first, so an OpenAI-compatible provider still receives them; canonical fields win over them. The
 * token limit goes out as `max_tokens` (understood by every compatible server), or as `max_completion_tokens` when
 * the client used that name (OpenAI's reasoning models accept only it).
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function toOpenAIRequest(request) {
    const warnings = [];
    const extras = request.providerOptions?.openai ?? {};
    const body = { ...extras, model: request.model, messages: toOpenAIMessages(request.messages, warnings) };
    delete body.max_tokens;
    delete body.max_completion_tokens;
    if (request.tools !== undefined)
        body.tools = request.tools.map(toOpenAITool);
    if (request.toolChoice !== undefined)
        body.tool_choice = toOpenAIToolChoice(request.toolChoice);
    if (request.parallelToolCalls !== undefined)
        body.parallel_tool_calls = request.parallelToolCalls;
    if (request.responseFormat !== undefined)
        body.response_format = toOpenAIResponseFormat(request.responseFormat);
    if (request.maxOutputTokens !== undefined) {
        if ('max_completion_tokens' in extras)
            body.max_completion_tokens = request.maxOutputTokens;
        else
            body.max_tokens = request.maxOutputTokens;
    }
    if (request.temperature !== undefined)
        body.temperature = request.temperature;
    if (request.topP !== undefined)
        body.top_p = request.topP;
    if (request.presencePenalty !== undefined)
        body.presence_penalty = request.presencePenalty;
    if (request.frequencyPenalty !== undefined)
        body.frequency_penalty = request.frequencyPenalty;
    if (request.seed !== undefined)
        body.seed = request.seed;
    if (request.stopSequences !== undefined)
        body.stop = request.stopSequences;
    if (request.user !== undefined)
        body.user = request.user;
    if (request.topK !== undefined && !('top_k' in extras)) {
        warnings.push({ type: 'unsupported-setting', setting: 'topK', message: 'OpenAI chat completions have no top_k; it was not sent.' });
    }
    body.stream = request.stream;
    if (request.stream && request.includeUsage !== undefined)
        body.stream_options = { include_usage: request.includeUsage };
    else
        delete body.stream_options;
    return { body, warnings };
}
function toOpenAITool(tool) {
    const definition = { name: tool.name };
    if (tool.description !== undefined)
        definition.description = tool.description;
    definition.parameters = tool.inputSchema;
    if (tool.strict !== undefined)
        definition.strict = tool.strict;
    return { type: 'function', function: definition };
}
function toOpenAIToolChoice(choice) {
    return choice.type === 'tool' ? { type: 'function', function: { name: choice.name } } : choice.type;
}
function toOpenAIResponseFormat(format) {
    if (format.type === 'text')
        return { type: 'text' };
    if (format.type === 'json')
        return { type: 'json_object' };
    const schema = { name: format.name, schema: format.schema };
    if (format.strict !== undefined)
        schema.strict = format.strict;
    if (format.description !== undefined)
        schema.description = format.description;
    return { type: 'json_schema', json_schema: schema };
}
//# sourceMappingURL=to-openai-request.js.map