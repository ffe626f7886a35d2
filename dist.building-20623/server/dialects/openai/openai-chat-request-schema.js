import { z } from 'zod';
/**
 * The zod schema of an OpenAI `POST /chat/completions` body, as far as the gateway understands it. Fields with
 * no canonical equivalent are not listed: the parser keeps them aside for OpenAI-compatible providers. Optional
 * fields accept `null`, as OpenAI does. Unknown keys inside messages (`refusal`, `annotations`, `audio` echoed back
 * from an earlier answer) are ignored.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
/** A JSON object kept by reference (not copied), so keys such as `__proto__` survive and nothing is re-built. */
const jsonObject = z.custom((value) => typeof value === 'object' && value !== null && !Array.isArray(value), { error: 'Invalid type for {param}: expected a JSON object.' });
const textPart = z.object({ type: z.literal('text'), text: z.string() });
const imagePart = z.object({
    type: z.literal('image_url'),
    image_url: z.object({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).nullish() }),
});
const refusalPart = z.object({ type: z.literal('refusal'), refusal: z.string() });
const textContent = z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart]))]);
const toolCall = z.object({
    id: z.string(),
    type: z.literal('function').optional(),
    function: z.object({ name: z.string().min(1), arguments: z.string() }),
});
export const openAIMessageSchema = z.discriminatedUnion('role', [
    z.object({ role: z.literal('system'), content: textContent, name: z.string().nullish() }),
    z.object({ role: z.literal('developer'), content: textContent, name: z.string().nullish() }),
    z.object({
        role: z.literal('user'),
        content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart, imagePart]))]),
        name: z.string().nullish(),
    }),
    z.object({
        role: z.literal('assistant'),
        content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart, refusalPart]))]).nullish(),
        tool_calls: z.array(toolCall).nullish(),
        name: z.string().nullish(),
    }),
    z.object({ role: z.literal('tool'), tool_call_id: z.string().min(1), content: textContent }),
]);
const tool = z.object({
    type: z.literal('function'),
    function: z.object({
        name: z.string().min(1),
        description: z.string().nullish(),
        parameters: jsonObject.nullish(),
        strict: z.boolean().nullish(),
    }),
});
const toolChoice = z.union([
    z.enum(['auto', 'none', 'required']),
    z.object({ type: z.literal('function'), function: z.object({ name: z.string().min(1) }) }),
]);
const responseFormat = z.discriminatedUnion('type', [
    z.object({ type: z.literal('text') }),
    z.object({ type: z.literal('json_object') }),
    z.object({
        type: z.literal('json_schema'),
        json_schema: z.object({
            name: z.string().min(1),
            schema: jsonObject.nullish(),
            strict: z.boolean().nullish(),
            description: z.string().nullish(),
        }),
    }),
]);
const positiveInteger = z.number().int().min(1);
export const openAIChatRequestSchema = z.object({
    model: z.string().min(1),
    messages: z.array(openAIMessageSchema).min(1),
    tools: z.array(tool).nullish(),
    tool_choice: toolChoice.nullish(),
    parallel_tool_calls: z.boolean().nullish(),
    response_format: responseFormat.nullish(),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    presence_penalty: z.number().min(-2).max(2).nullish(),
    frequency_penalty: z.number().min(-2).max(2).nullish(),
    seed: z.number().int().nullish(),
    max_tokens: positiveInteger.nullish(),
    max_completion_tokens: positiveInteger.nullish(),
    stop: z.union([z.string(), z.array(z.string())]).nullish(),
    user: z.string().nullish(),
    n: z.number().int().nullish(),
});
/** Body fields the parser reads itself; every other field is kept under `providerOptions.openai`. */
export const knownChatRequestFields = new Set([...Object.keys(openAIChatRequestSchema.shape), 'functions', 'function_call']);
//# sourceMappingURL=openai-chat-request-schema.js.map