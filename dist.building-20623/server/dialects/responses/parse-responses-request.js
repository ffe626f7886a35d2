import { GatewayError } from "../../../core/errors/gateway-error.js";
import { invalidRequestFromZod } from "../openai/invalid-request-from-zod.js";
import { fromResponsesItems, validateResponsesItems } from "./from-responses-input.js";
import { normaliseInputItems } from "./normalise-input-items.js";
import { responsesRequestSchema } from "./responses-request-schema.js";
import { translateResponsesToolChoice, translateResponsesTools } from "./responses-tools.js";
/**
 * Validates a `POST /v1/responses` body and translates it to a canonical chat request: `instructions` first (a
 * system message; instructions of earlier responses are not carried over, as OpenAI documents), then the stored
 * conversation `previous_response_id` names, then `input`. Every problem is an `invalid_request` naming the
 * parameter at fault.
 *
 * Refused clearly: `background` (the gateway answers in the request), `conversation` and `prompt` (server-side
 * objects of OpenAI's), hosted tools in `tool_choice`, file ids. Hosted tools in `tools` are left out (see
 * `translateResponsesTools`). `reasoning.effort` reaches OpenAI-compatible providers as `reasoning_effort`.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */
export function parseResponsesRequest(body, options) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new GatewayError('invalid_request', { message: 'The request body must be a JSON object.' });
    }
    refuseServerSideObjects(body);
    const parsed = responsesRequestSchema.safeParse(body);
    if (!parsed.success)
        throw invalidRequestFromZod(parsed.error.issues, body);
    const input = parsed.data;
    const inputItems = typeof input.input === 'string' ? [{ role: 'user', content: input.input }] : (input.input ?? []);
    const items = validateResponsesItems(inputItems, 'input');
    if (items.length === 0 && !options.previousItems?.length) {
        throw new GatewayError('invalid_request', { param: 'input', message: "Missing required parameter: 'input'." });
    }
    const messages = [...instructionMessages(input.instructions)];
    if (options.previousItems)
        messages.push(...fromResponsesItems(validateResponsesItems(options.previousItems, 'previous_response_id'), 'previous_response_id'));
    messages.push(...fromResponsesItems(items, 'input'));
    const request = { model: input.model, messages, stream: input.stream === true };
    const translated = translateResponsesTools(input.tools ?? []);
    if (translated.tools.length > 0)
        request.tools = translated.tools;
    if (input.tool_choice) {
        const { choice, tools } = translateResponsesToolChoice(input.tool_choice, translated);
        request.toolChoice = choice;
        if (tools)
            request.tools = tools;
    }
    if (typeof input.parallel_tool_calls === 'boolean')
        request.parallelToolCalls = input.parallel_tool_calls;
    const format = responseFormat(input.text?.format);
    if (format)
        request.responseFormat = format;
    if (typeof input.max_output_tokens === 'number')
        request.maxOutputTokens = input.max_output_tokens;
    if (typeof input.temperature === 'number')
        request.temperature = input.temperature;
    if (typeof input.top_p === 'number')
        request.topP = input.top_p;
    const user = input.safety_identifier ?? input.user;
    if (typeof user === 'string')
        request.user = user;
    if (typeof input.reasoning?.effort === 'string')
        request.providerOptions = { openai: { reasoning_effort: input.reasoning.effort } };
    const turn = {
        id: options.id,
        createdAt: options.createdAt,
        echo: echoOf(input, body),
        inputItems: normaliseInputItems(items, options.id),
        origins: translated.origins,
        omittedTools: translated.omitted,
        store: input.store !== false,
    };
    return { request, turn };
}
function refuseServerSideObjects(body) {
    const refused = [
        ['background', "background responses are not supported: the gateway answers within the request (use 'stream' for long answers)"],
        ['conversation', "conversations are not supported: chain responses with 'previous_response_id' or send the whole input"],
        ['prompt', 'stored prompt templates are not supported: send the instructions and input themselves'],
    ];
    for (const [field, reason] of refused) {
        const value = body[field];
        if (value === undefined || value === null || value === false)
            continue;
        throw new GatewayError('invalid_request', { param: field, message: `Invalid value for '${field}': ${reason}.` });
    }
}
function instructionMessages(instructions) {
    if (instructions === undefined || instructions === null)
        return [];
    if (typeof instructions === 'string')
        return instructions === '' ? [] : [{ role: 'system', content: [{ type: 'text', text: instructions }] }];
    const items = validateResponsesItems(instructions, 'instructions');
    return fromResponsesItems(items, 'instructions');
}
function responseFormat(format) {
    if (!format)
        return undefined;
    if (format.type === 'text')
        return { type: 'text' };
    if (format.type === 'json_object')
        return { type: 'json' };
    const result = { type: 'json-schema', name: format.name, schema: format.schema };
    if (typeof format.strict === 'boolean')
        result.strict = format.strict;
    if (typeof format.description === 'string')
        result.description = format.description;
    return result;
}
/** The request's settings as a response object reports them, with OpenAI's defaults for what was not sent. */
function echoOf(input, body) {
    return {
        background: false,
        instructions: input.instructions ?? null,
        max_output_tokens: input.max_output_tokens ?? null,
        max_tool_calls: body.max_tool_calls ?? null,
        metadata: input.metadata ?? {},
        parallel_tool_calls: input.parallel_tool_calls ?? true,
        previous_response_id: input.previous_response_id ?? null,
        prompt_cache_key: input.prompt_cache_key ?? null,
        reasoning: { effort: input.reasoning?.effort ?? null, summary: input.reasoning?.summary ?? input.reasoning?.generate_summary ?? null },
        safety_identifier: input.safety_identifier ?? null,
        service_tier: input.service_tier ?? 'default',
        store: input.store !== false,
        temperature: input.temperature ?? 1,
        text: { format: input.text?.format ?? { type: 'text' }, verbosity: input.text?.verbosity ?? 'medium' },
        tool_choice: input.tool_choice ?? 'auto',
        tools: input.tools ?? [],
        top_logprobs: body.top_logprobs ?? 0,
        top_p: input.top_p ?? 1,
        truncation: input.truncation ?? 'disabled',
        user: input.user ?? null,
    };
}
//# sourceMappingURL=parse-responses-request.js.map