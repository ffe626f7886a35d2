import { z } from 'zod';

/**
 * The zod schema of an OpenAI `POST /v1/responses` body, as far as the gateway translates it. Optional fields accept
 * `null`, as OpenAI does; unknown fields are allowed (and echoed or ignored, see `parseResponsesRequest`). Input items
 * are validated one by one (`responsesInputItemSchema`), so an error names the item at fault (`input[3].call_id`).
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */

/** A JSON object kept by reference (not copied), so keys such as `__proto__` survive and nothing is re-built. */
export const jsonObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  { error: 'Invalid type for {param}: expected a JSON object.' },
);

const inputText = z.object({ type: z.literal('input_text'), text: z.string() });
const inputImage = z.object({
  type: z.literal('input_image'),
  image_url: z.string().min(1).nullish(),
  file_id: z.string().nullish(),
  detail: z.enum(['auto', 'low', 'high', 'original']).nullish(),
});
const inputFile = z.object({ type: z.literal('input_file'), file_id: z.string().nullish(), file_data: z.string().nullish(), file_url: z.string().nullish(), filename: z.string().nullish() });
const outputText = z.object({ type: z.literal('output_text'), text: z.string() });
const refusal = z.object({ type: z.literal('refusal'), refusal: z.string() });

export const messageContentPart = z.discriminatedUnion('type', [inputText, inputImage, inputFile, outputText, refusal]);

const status = z.enum(['in_progress', 'completed', 'incomplete']).nullish();

const messageItem = z.object({
  type: z.literal('message'),
  id: z.string().nullish(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(messageContentPart)]),
  status,
});

const functionCallItem = z.object({
  type: z.literal('function_call'),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
  namespace: z.string().nullish(),
  status,
});

const toolOutput = z.union([z.string(), z.array(z.discriminatedUnion('type', [inputText, inputImage, inputFile]))]);

/** An output with no `call_id` (Codex sends such for its own harness tools, naming the tool instead) is context, not a result. */
const functionCallOutputItem = z.object({
  type: z.literal('function_call_output'),
  id: z.string().nullish(),
  call_id: z.string().min(1).nullish(),
  name: z.string().nullish(),
  namespace: z.string().nullish(),
  output: toolOutput,
  status,
});

const customToolCallItem = z.object({
  type: z.literal('custom_tool_call'),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  name: z.string().min(1),
  input: z.string(),
  namespace: z.string().nullish(),
  status,
});

const customToolCallOutputItem = z.object({
  type: z.literal('custom_tool_call_output'),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  output: toolOutput,
});

const reasoningItem = z.object({
  type: z.literal('reasoning'),
  id: z.string().nullish(),
  summary: z.array(z.object({ type: z.literal('summary_text'), text: z.string() })),
  content: z.array(z.object({ type: z.literal('reasoning_text'), text: z.string() })).nullish(),
  encrypted_content: z.string().nullish(),
  status,
});

const compactionItem = z.object({ type: z.literal('compaction'), id: z.string().nullish(), encrypted_content: z.string() });

/** One input item, in the shapes the gateway can translate to every provider. */
export const responsesInputItemSchema = z.discriminatedUnion('type', [
  messageItem,
  functionCallItem,
  functionCallOutputItem,
  customToolCallItem,
  customToolCallOutputItem,
  reasoningItem,
  compactionItem,
]);

export type ResponsesInputItem = z.infer<typeof responsesInputItemSchema>;
export type ResponsesMessageContentPart = z.infer<typeof messageContentPart>;

const functionTool = z.object({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: jsonObject.nullish(),
  strict: z.boolean().nullish(),
});
const customTool = z.object({ type: z.literal('custom'), name: z.string().min(1), description: z.string().nullish(), format: jsonObject.nullish() });
const namespaceTool = z.object({
  type: z.literal('namespace'),
  name: z.string().min(1),
  description: z.string().nullish(),
  tools: z.array(z.discriminatedUnion('type', [functionTool, customTool])),
});

export type ResponsesFunctionTool = z.infer<typeof functionTool>;
export type ResponsesCustomTool = z.infer<typeof customTool>;

/** The tool types the gateway translates: one of these that fails its schema is refused, never taken for a hosted tool. */
const translatedToolTypes: ReadonlySet<string> = new Set(['function', 'custom', 'namespace']);

/** A declared tool: functions, custom (free-form) tools and namespaces of them are translated; other types are hosted tools. */
const translatedTool = z.discriminatedUnion('type', [functionTool, customTool, namespaceTool]);
export const responsesToolSchema = z.union([
  translatedTool,
  z.looseObject({ type: z.string().min(1) }).superRefine((tool, context) => {
    if (!translatedToolTypes.has(tool.type)) return;
    // A function (custom, namespace) tool that fails its schema: its own issues, such as a missing `name`.
    for (const issue of translatedTool.safeParse(tool).error?.issues ?? []) context.addIssue(issue as Parameters<typeof context.addIssue>[0]);
  }),
]);
export type ResponsesTool = z.infer<typeof responsesToolSchema>;

const toolChoice = z.union([
  z.enum(['auto', 'none', 'required']),
  z.object({ type: z.literal('function'), name: z.string().min(1) }),
  z.object({ type: z.literal('custom'), name: z.string().min(1) }),
  z.object({
    type: z.literal('allowed_tools'),
    mode: z.enum(['auto', 'required']),
    tools: z.array(z.looseObject({ type: z.string(), name: z.string().nullish() })),
  }),
  z.looseObject({ type: z.string().min(1) }),
]);
export type ResponsesToolChoice = z.infer<typeof toolChoice>;

const textFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    name: z.string().min(1),
    schema: jsonObject,
    strict: z.boolean().nullish(),
    description: z.string().nullish(),
  }),
]);

const metadata = z
  .record(z.string().max(64), z.string().max(512))
  .refine((value) => Object.keys(value).length <= 16, { message: "Invalid value for {param}: at most 16 metadata keys are allowed." });

export const responsesRequestSchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.unknown())]).nullish(),
  instructions: z.union([z.string(), z.array(z.unknown())]).nullish(),
  tools: z.array(responsesToolSchema).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  text: z.object({ format: textFormat.nullish(), verbosity: z.enum(['low', 'medium', 'high']).nullish() }).nullish(),
  reasoning: z
    .object({
      effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullish(),
      summary: z.enum(['auto', 'concise', 'detailed']).nullish(),
      generate_summary: z.enum(['auto', 'concise', 'detailed']).nullish(),
    })
    .nullish(),
  max_output_tokens: z.number().int().min(1).nullish(),
  metadata: metadata.nullish(),
  store: z.boolean().nullish(),
  previous_response_id: z.string().min(1).nullish(),
  truncation: z.enum(['auto', 'disabled']).nullish(),
  stream: z.boolean().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  user: z.string().nullish(),
  safety_identifier: z.string().nullish(),
  prompt_cache_key: z.string().nullish(),
  service_tier: z.string().nullish(),
  include: z.array(z.string()).nullish(),
  background: z.boolean().nullish(),
});

export type ResponsesRequestInput = z.infer<typeof responsesRequestSchema>;
