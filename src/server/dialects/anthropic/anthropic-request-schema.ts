import { z } from 'zod';

/**
 * zod schemas for the Anthropic Messages request body, as far as the gateway interprets it. Objects are loose:
 * fields the gateway does not read are kept (and passed on under `providerOptions.anthropic`).
 * @see https://docs.anthropic.com/en/api/messages
 */

/** A JSON object, kept by reference (not copied): tool schemas and tool inputs can be large. */
export const jsonObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  { message: 'expected an object' },
);

const cacheControl = z.object({ type: z.string() }).loose().nullable().optional();

export const textBlockSchema = z
  .object({ type: z.literal('text'), text: z.string(), cache_control: cacheControl, citations: z.array(z.unknown()).nullable().optional() })
  .loose();

const imageSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('base64'), media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']), data: z.string().min(1) }),
  z.object({ type: z.literal('url'), url: z.string().min(1) }),
]);

export const imageBlockSchema = z.object({ type: z.literal('image'), source: imageSource, cache_control: cacheControl }).loose();

const toolResultBlock = z
  .object({
    type: z.literal('tool_result'),
    tool_use_id: z.string().min(1),
    content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textBlockSchema, imageBlockSchema]))]).optional(),
    is_error: z.boolean().optional(),
    cache_control: cacheControl,
  })
  .loose();

const toolUseBlock = z
  .object({ type: z.literal('tool_use'), id: z.string().min(1), name: z.string().min(1), input: jsonObject, cache_control: cacheControl })
  .loose();

const thinkingBlock = z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() }).loose();
const redactedThinkingBlock = z.object({ type: z.literal('redacted_thinking'), data: z.string().min(1) }).loose();

/** Document sources: a PDF inline or by URL, plain text, text blocks (`content`), or an uploaded file. */
const documentSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('base64'), media_type: z.literal('application/pdf'), data: z.string().min(1) }).loose(),
  z.object({ type: z.literal('url'), url: z.string().min(1) }).loose(),
  z.object({ type: z.literal('text'), media_type: z.literal('text/plain').optional(), data: z.string() }).loose(),
  z.object({ type: z.literal('content'), content: z.union([z.string(), z.array(textBlockSchema)]) }).loose(),
  z.object({ type: z.literal('file'), file_id: z.string().min(1) }).loose(),
]);

export const documentBlockSchema = z.object({ type: z.literal('document'), source: documentSource, cache_control: cacheControl }).loose();

const userBlock = z.discriminatedUnion('type', [textBlockSchema, imageBlockSchema, toolResultBlock, documentBlockSchema]);
const assistantBlock = z.discriminatedUnion('type', [textBlockSchema, toolUseBlock, thinkingBlock, redactedThinkingBlock]);

/** Messages; a `system` message after the first turn is an instruction given mid-conversation (a beta). */
const messageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('user'), content: z.union([z.string(), z.array(userBlock)]) }).loose(),
  z.object({ role: z.literal('assistant'), content: z.union([z.string(), z.array(assistantBlock)]) }).loose(),
  z.object({ role: z.literal('system'), content: z.union([z.string(), z.array(textBlockSchema)]) }).loose(),
]);

/** Any tool: a client tool (`type` absent or `custom`) is checked further with {@link customToolSchema}. */
const toolSchema = z.object({ type: z.string().optional(), name: z.string().min(1) }).loose();

export const customToolSchema = z
  .object({
    type: z.literal('custom').optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    input_schema: jsonObject,
    strict: z.boolean().optional(),
  })
  .loose();

const disableParallel = z.boolean().optional();
const toolChoiceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: disableParallel }),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: disableParallel }),
  z.object({ type: z.literal('tool'), name: z.string().min(1), disable_parallel_tool_use: disableParallel }),
  z.object({ type: z.literal('none') }),
]);

const outputConfigSchema = z
  .object({ format: z.object({ type: z.literal('json_schema'), schema: jsonObject }).loose().nullable().optional() })
  .loose();

/**
 * `thinking`: `enabled` needs an integer `budget_tokens` of at least 1,024, below `max_tokens` (checked on the
 * request); `disabled` and `adaptive` (and later types) pass to the provider as sent.
 * @see https://docs.anthropic.com/en/api/messages#body-thinking
 */
const thinkingSchema = z.object({ type: z.string() }).loose();

export const messagesRequestSchema = z
  .object({
    model: z.string().min(1),
    max_tokens: z.number().int().min(1),
    messages: z.array(messageSchema).min(1),
    system: z.union([z.string(), z.array(textBlockSchema)]).optional(),
    tools: z.array(toolSchema).optional(),
    tool_choice: toolChoiceSchema.optional(),
    stop_sequences: z.array(z.string()).optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.number().int().min(0).optional(),
    metadata: z.object({ user_id: z.string().nullable().optional() }).loose().optional(),
    stream: z.boolean().optional(),
    output_config: outputConfigSchema.optional(),
    thinking: thinkingSchema.optional(),
  })
  .loose()
  .superRefine((request, context) => {
    if (request.thinking?.type !== 'enabled') return;
    const budget: unknown = request.thinking.budget_tokens;
    const path = ['thinking', 'budget_tokens'];
    if (typeof budget !== 'number' || !Number.isInteger(budget)) context.addIssue({ code: 'custom', path, message: 'expected an integer' });
    else if (budget < 1024) context.addIssue({ code: 'custom', path, message: 'must be at least 1024' });
    else if (budget >= request.max_tokens) context.addIssue({ code: 'custom', path, message: '`max_tokens` must be greater than `thinking.budget_tokens`' });
  });

export type MessagesRequestInput = z.infer<typeof messagesRequestSchema>;
export type UserBlockInput = z.infer<typeof userBlock>;
export type AssistantBlockInput = z.infer<typeof assistantBlock>;
export type TextBlockInput = z.infer<typeof textBlockSchema>;
export type ImageBlockInput = z.infer<typeof imageBlockSchema>;
export type DocumentBlockInput = z.infer<typeof documentBlockSchema>;

/** Top-level fields the parser turns into canonical fields; every other field goes to `providerOptions.anthropic`. */
export const interpretedFields = new Set([
  'model', 'max_tokens', 'messages', 'system', 'tools', 'tool_choice', 'stop_sequences', 'temperature', 'top_p', 'top_k', 'metadata', 'stream', 'output_config',
]);
