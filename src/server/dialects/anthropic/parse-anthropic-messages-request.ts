import type { Message } from '../../../core/canonical/message.ts';
import type { ChatRequest, ToolDefinition } from '../../../core/canonical/request.ts';
import { GatewayError } from '../../../core/errors/gateway-error.ts';
import { SERVER_TOOLS_OPTION } from '../../../providers/anthropic/to-anthropic-tools.ts';
import { customToolSchema, interpretedFields, messagesRequestSchema, type MessagesRequestInput } from './anthropic-request-schema.ts';
import { simpleMessagesRequestInput } from './simple-messages-request-input.ts';
import { fromAnthropicAssistantTurn, fromAnthropicSystem, fromAnthropicUserTurn } from './from-anthropic-messages.ts';
import { zodIssueToGatewayError } from './zod-issue-to-gateway-error.ts';

/**
 * Parses an Anthropic Messages request body (`POST /v1/messages`) into a canonical chat request.
 *
 * - `system` (string or text blocks) becomes a leading system message; `cache_control` and other block extras stay
 *   in the part's `providerOptions.anthropic`.
 * - `tool_result` blocks in a user turn become `tool` messages, in order (see `fromAnthropicUserTurn`).
 * - `tool_choice.disable_parallel_tool_use` becomes `parallelToolCalls` (negated); `metadata.user_id` `user`;
 *   `output_config.format` (structured outputs) `responseFormat` `json-schema` named `response`.
 * - Server tools (a `tools` entry with a versioned `type`) are kept in `providerOptions.anthropic.serverTools`;
 *   every top-level field not interpreted (`thinking`, `service_tier`, `container`, ...) in `providerOptions.anthropic`.
 * - `system` messages inside `messages` (instructions given mid-conversation, an Anthropic beta) stay in place as
 *   canonical system messages; each provider's adapter places them as its API allows.
 * - Thinking and redacted-thinking blocks become reasoning parts, signatures and data unchanged; document blocks
 *   document parts.
 *
 * Throws only `GatewayError('invalid_request')` with `param` set (e.g. `messages[1].content[0].tool_use_id`);
 * any JSON value either parses or is refused that way.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function parseAnthropicMessagesRequest(body: unknown): ChatRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayError('invalid_request', { message: 'The request body must be a JSON object.' });
  }
  const input = simpleMessagesRequestInput(body as Record<string, unknown>) ?? parseWithSchema(body);

  const messages: Message[] = [];
  const system = fromAnthropicSystem(input.system);
  if (system) messages.push(system);
  for (const message of input.messages) {
    if (message.role === 'user') messages.push(...fromAnthropicUserTurn(message.content));
    else if (message.role === 'assistant') messages.push(fromAnthropicAssistantTurn(message.content));
    else messages.push(fromAnthropicSystem(message.content) ?? { role: 'system', content: [] });
  }

  const request: ChatRequest = { model: input.model, messages, maxOutputTokens: input.max_tokens, stream: input.stream ?? false };
  const extras: Record<string, unknown> = {};
  applyTools(input, request, extras);
  if (input.stop_sequences !== undefined) request.stopSequences = input.stop_sequences;
  if (input.temperature !== undefined) request.temperature = input.temperature;
  if (input.top_p !== undefined) request.topP = input.top_p;
  if (input.top_k !== undefined) request.topK = input.top_k;
  if (typeof input.metadata?.user_id === 'string') request.user = input.metadata.user_id;
  applyOutputConfig(input, request, extras);
  for (const [key, value] of Object.entries(input)) {
    if (!interpretedFields.has(key) && value !== undefined) extras[key] = value;
  }
  if (Object.keys(extras).length > 0) request.providerOptions = { anthropic: extras };
  return request;
}

function applyTools(input: MessagesRequestInput, request: ChatRequest, extras: Record<string, unknown>): void {
  if (input.tools !== undefined) {
    const tools: ToolDefinition[] = [];
    const serverTools: unknown[] = [];
    input.tools.forEach((tool, index) => {
      if (tool.type !== undefined && tool.type !== 'custom') {
        serverTools.push(tool);
        return;
      }
      const checked = customToolSchema.safeParse(tool, { reportInput: true });
      if (!checked.success) throw zodIssueToGatewayError(checked.error.issues[0] as (typeof checked.error.issues)[number], ['tools', index]);
      const definition: ToolDefinition = { name: checked.data.name, inputSchema: checked.data.input_schema };
      if (checked.data.description !== undefined) definition.description = checked.data.description;
      if (checked.data.strict !== undefined) definition.strict = checked.data.strict;
      tools.push(definition);
    });
    if (tools.length > 0) request.tools = tools;
    if (serverTools.length > 0) extras[SERVER_TOOLS_OPTION] = serverTools;
  }
  const choice = input.tool_choice;
  if (choice === undefined) return;
  if (choice.type === 'tool') request.toolChoice = { type: 'tool', name: choice.name };
  else request.toolChoice = { type: choice.type === 'any' ? 'required' : choice.type };
  if (choice.type !== 'none' && choice.disable_parallel_tool_use !== undefined) request.parallelToolCalls = !choice.disable_parallel_tool_use;
}

function applyOutputConfig(input: MessagesRequestInput, request: ChatRequest, extras: Record<string, unknown>): void {
  if (input.output_config === undefined) return;
  const { format, ...rest } = input.output_config;
  if (format) request.responseFormat = { type: 'json-schema', name: 'response', schema: format.schema };
  if (Object.keys(rest).length > 0) extras.output_config = rest;
}

/** The body through the zod schema: every shape the shortcut leaves, and every refusal with its message. */
function parseWithSchema(body: object): MessagesRequestInput {
  const parsed = messagesRequestSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) throw zodIssueToGatewayError(parsed.error.issues[0] as (typeof parsed.error.issues)[number]);
  return parsed.data;
}
