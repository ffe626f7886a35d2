import type { ChatRequest, ResponseFormat, ToolChoice, ToolDefinition } from '../../../core/canonical/request.ts';
import { GatewayError } from '../../../core/errors/gateway-error.ts';
import { shownText } from '../../../core/errors/shown-text.ts';
import { fromOpenAIMessages } from './from-openai-messages.ts';
import { invalidRequestFromZod } from './invalid-request-from-zod.ts';
import { simpleChatRequestInput } from './simple-chat-request-input.ts';
import { knownChatRequestFields, openAIChatRequestSchema, type OpenAIChatRequestInput } from './openai-chat-request-schema.ts';

/**
 * Validates an OpenAI chat completions body and converts it to a canonical request. Every problem is thrown as
 * an `invalid_request` GatewayError (status 400) naming the parameter at fault; nothing else is ever thrown.
 *
 * Not supported, refused clearly: `n` other than 1, the legacy `functions` / `function_call` parameters and the
 * `function` role. Fields the canonical form has no place for (`logit_bias`, `logprobs`, `reasoning_effort`,
 * `service_tier`, `metadata`, vendor extensions such as vLLM's `top_k`...) are kept, untouched, under
 * `providerOptions.openai`, so an OpenAI-compatible provider receives them. A client's use of
 * `max_completion_tokens` is remembered there too, so the same name goes upstream.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function parseOpenAIChatRequest(body: unknown): ChatRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayError('invalid_request', { message: 'The request body must be a JSON object.' });
  }
  const record = body as Record<string, unknown>;
  refuseLegacy(record);
  const input = simpleChatRequestInput(record) ?? parseWithSchema(body);
  if (input.n !== undefined && input.n !== null && input.n !== 1) {
    throw new GatewayError('invalid_request', { param: 'n', message: `Invalid value for 'n': ${input.n}. Only one choice per request (n = 1) is supported.` });
  }

  const request: ChatRequest = { model: input.model, messages: fromOpenAIMessages(input.messages), stream: input.stream === true };
  if (input.tools) request.tools = input.tools.map(toToolDefinition);
  if (input.tool_choice) request.toolChoice = toToolChoice(input.tool_choice, request.tools);
  if (typeof input.parallel_tool_calls === 'boolean') request.parallelToolCalls = input.parallel_tool_calls;
  if (input.response_format) request.responseFormat = toResponseFormat(input.response_format);
  const maxOutputTokens = input.max_completion_tokens ?? input.max_tokens;
  if (typeof maxOutputTokens === 'number') request.maxOutputTokens = maxOutputTokens;
  if (typeof input.temperature === 'number') request.temperature = input.temperature;
  if (typeof input.top_p === 'number') request.topP = input.top_p;
  if (typeof input.presence_penalty === 'number') request.presencePenalty = input.presence_penalty;
  if (typeof input.frequency_penalty === 'number') request.frequencyPenalty = input.frequency_penalty;
  if (typeof input.seed === 'number') request.seed = input.seed;
  if (typeof input.stop === 'string') request.stopSequences = [input.stop];
  else if (Array.isArray(input.stop)) request.stopSequences = input.stop;
  if (typeof input.user === 'string') request.user = input.user;
  if (request.stream && typeof input.stream_options?.include_usage === 'boolean') request.includeUsage = input.stream_options.include_usage;

  const extras = Object.entries(record).filter(([key]) => !knownChatRequestFields.has(key));
  if (typeof input.max_completion_tokens === 'number') extras.push(['max_completion_tokens', input.max_completion_tokens]);
  if (extras.length > 0) request.providerOptions = { openai: Object.fromEntries(extras) };
  return request;
}

/** The body through the zod schema: every shape, and the refusal naming the parameter at fault. */
function parseWithSchema(body: unknown): OpenAIChatRequestInput {
  const parsed = openAIChatRequestSchema.safeParse(body);
  if (!parsed.success) throw invalidRequestFromZod(parsed.error.issues, body);
  return parsed.data;
}

function refuseLegacy(record: Record<string, unknown>): void {
  for (const field of ['functions', 'function_call'] as const) {
    if (record[field] !== undefined && record[field] !== null && Object.prototype.hasOwnProperty.call(record, field)) {
      throw new GatewayError('invalid_request', {
        param: field,
        message: `The legacy '${field}' parameter is not supported; use '${field === 'functions' ? 'tools' : 'tool_choice'}' instead.`,
      });
    }
  }
  const messages = record.messages;
  if (!Array.isArray(messages)) return;
  messages.forEach((message: unknown, index) => {
    if (typeof message !== 'object' || message === null) return;
    const { role, function_call: functionCall } = message as { role?: unknown; function_call?: unknown };
    if (role === 'function') {
      throw new GatewayError('invalid_request', {
        param: `messages[${index}].role`,
        message: `The legacy 'function' role in 'messages[${index}]' is not supported; send tool results as 'tool' messages with 'tool_call_id'.`,
      });
    }
    if (functionCall !== undefined && functionCall !== null) {
      throw new GatewayError('invalid_request', {
        param: `messages[${index}].function_call`,
        message: `The legacy 'function_call' in 'messages[${index}]' is not supported; use 'tool_calls'.`,
      });
    }
  });
}

type ToolInput = NonNullable<OpenAIChatRequestInput['tools']>[number];

function toToolDefinition(tool: ToolInput): ToolDefinition {
  const definition: ToolDefinition = { name: tool.function.name, inputSchema: tool.function.parameters ?? { type: 'object', properties: {} } };
  if (typeof tool.function.description === 'string') definition.description = tool.function.description;
  if (typeof tool.function.strict === 'boolean') definition.strict = tool.function.strict;
  return definition;
}

function toToolChoice(choice: NonNullable<OpenAIChatRequestInput['tool_choice']>, tools: ToolDefinition[] | undefined): ToolChoice {
  if (choice === 'auto' || choice === 'none') return { type: choice };
  if (tools === undefined || tools.length === 0) {
    throw new GatewayError('invalid_request', {
      param: 'tool_choice',
      message: "Invalid value for 'tool_choice': a tool can only be required when 'tools' are given.",
    });
  }
  if (choice === 'required') return { type: 'required' };
  const name = choice.function.name;
  if (!tools.some((tool) => tool.name === name)) {
    throw new GatewayError('invalid_request', {
      param: 'tool_choice.function.name',
      message: `Invalid value for 'tool_choice.function.name': no tool named ${shownText(name, 64)} is in 'tools'.`,
    });
  }
  return { type: 'tool', name };
}

function toResponseFormat(format: NonNullable<OpenAIChatRequestInput['response_format']>): ResponseFormat {
  if (format.type === 'text') return { type: 'text' };
  if (format.type === 'json_object') return { type: 'json' };
  const result: ResponseFormat = { type: 'json-schema', name: format.json_schema.name, schema: format.json_schema.schema ?? {} };
  if (typeof format.json_schema.strict === 'boolean') result.strict = format.json_schema.strict;
  if (typeof format.json_schema.description === 'string') result.description = format.json_schema.description;
  return result;
}
