import type { ChatRequest } from '../../core/canonical/request.ts';
import type { Warning } from '../../core/canonical/result.ts';
import type { AnthropicMessagesRequest } from './anthropic-wire-types.ts';
import { toAnthropicMessages } from './to-anthropic-messages.ts';
import { SERVER_TOOLS_OPTION, toAnthropicTools } from './to-anthropic-tools.ts';

/** `max_tokens` when neither the request nor `providerOptions.anthropic.max_tokens` sets it. */
export const DEFAULT_MAX_TOKENS = 4096;

export interface ToAnthropicRequestOptions {
  /** Overrides `request.stream` (the adapter's `doGenerate` sends `false`, `doStream` `true`). */
  stream?: boolean;
  /** `max_tokens` when the request has none; default {@link DEFAULT_MAX_TOKENS}. */
  defaultMaxTokens?: number;
  /** Keep mid-conversation system messages in place (the call carries the client's `anthropic-beta`). */
  inlineSystem?: boolean;
}

export interface AnthropicRequestConversion {
  body: AnthropicMessagesRequest;
  /** Settings Anthropic cannot honour, and lossy conversions. */
  warnings: Warning[];
}

/**
 * A canonical chat request as an Anthropic `POST /v1/messages` body.
 *
 * - `max_tokens` (required by Anthropic): `maxOutputTokens`, else `providerOptions.anthropic.max_tokens` (how the
 *   router passes a model's output limit), else `defaultMaxTokens` (4096).
 * - `responseFormat` `json-schema` becomes structured outputs (`output_config.format`); plain `json` has no
 *   Anthropic equivalent and becomes a warning, as do penalties and `seed`. A temperature above 1 (OpenAI allows
 *   2) is clamped to 1 with a warning.
 * - `providerOptions.anthropic` (e.g. `thinking`, `service_tier`) is merged back in, but never overrides a field the
 *   canonical request set: the gateway may have changed messages or limits, and those changes must stand.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function toAnthropicRequest(request: ChatRequest, options: ToAnthropicRequestOptions = {}): AnthropicRequestConversion {
  const warnings: Warning[] = [];
  const conversation = toAnthropicMessages(request.messages, warnings, { inlineSystem: options.inlineSystem === true });
  const body: AnthropicMessagesRequest = { model: request.model, max_tokens: 0, messages: conversation.messages };
  if (conversation.system !== undefined) body.system = conversation.system;
  Object.assign(body, toAnthropicTools(request, warnings));
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) body.stop_sequences = request.stopSequences;
  if (request.temperature !== undefined) {
    if (request.temperature > 1) {
      warnings.push({ type: 'unsupported-setting', setting: 'temperature', message: `Anthropic accepts temperature 0 to 1; ${request.temperature} was sent as 1.` });
    }
    body.temperature = Math.min(1, request.temperature);
  }
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined) body.top_k = request.topK;
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  if ((options.stream ?? request.stream) === true) body.stream = true;
  applyResponseFormat(request, body, warnings);
  for (const [setting, value] of [['presencePenalty', request.presencePenalty], ['frequencyPenalty', request.frequencyPenalty], ['seed', request.seed]] as const) {
    if (value !== undefined) warnings.push({ type: 'unsupported-setting', setting, message: `Anthropic does not support ${setting}; it was left out.` });
  }
  mergeProviderOptions(request.providerOptions?.anthropic, body);
  body.max_tokens = request.maxOutputTokens ?? positiveInteger(request.providerOptions?.anthropic?.max_tokens) ?? options.defaultMaxTokens ?? DEFAULT_MAX_TOKENS;
  return { body, warnings };
}

function applyResponseFormat(request: ChatRequest, body: AnthropicMessagesRequest, warnings: Warning[]): void {
  const format = request.responseFormat;
  if (format === undefined || format.type === 'text') return;
  if (format.type === 'json-schema') {
    body.output_config = { format: { type: 'json_schema', schema: format.schema } };
    return;
  }
  warnings.push({
    type: 'unsupported-setting',
    setting: 'responseFormat',
    message: 'Anthropic has no JSON mode without a schema; the response format was left out (ask for JSON in the prompt, or give a JSON schema).',
  });
}

function mergeProviderOptions(extras: Record<string, unknown> | undefined, body: AnthropicMessagesRequest): void {
  if (extras === undefined) return;
  for (const [key, value] of Object.entries(extras)) {
    if (key === SERVER_TOOLS_OPTION || key === 'max_tokens' || key === '__proto__' || value === undefined) continue;
    if (key === 'output_config' && typeof value === 'object' && value !== null) {
      body.output_config = { ...(value as Record<string, unknown>), ...body.output_config };
    } else if (!Object.hasOwn(body, key)) {
      body[key] = value;
    }
  }
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}
