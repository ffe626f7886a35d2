import { between, boolean, copyCheckedFields, integer, positiveInteger, refused, string, strings, throughSchema, type Check } from '../field-checks.ts';
import type { OpenAIChatRequestInput } from './openai-chat-request-schema.ts';

/**
 * The validated input of the most common chat body without the zod schema: plain-text messages (system, developer,
 * user, assistant; `role`, `content` as a string and an optional `name`) and scalar sampling fields, other fields
 * being ones the schema does not list. Returns exactly what `openAIChatRequestSchema.safeParse(body).data` would
 * (the same keys, in the schema's order), or undefined for any body outside that shape, which then goes through the
 * schema: this only ever accepts what the schema accepts, so refusals and their messages stay the schema's.
 * The schema cost about 3 % of the gateway's CPU per request (`--cpu-prof` at concurrency 32).
 */
export function simpleChatRequestInput(body: Record<string, unknown>): OpenAIChatRequestInput | undefined {
  const model = body.model;
  if (typeof model !== 'string' || model.length === 0) return undefined;
  const messages = simpleMessages(body.messages);
  if (messages === undefined) return undefined;
  const input: Record<string, unknown> = { model, messages };
  // The schema's optional fields are nullable: a key present as null is kept.
  if (!copyCheckedFields(body, fields, input, true)) return undefined;
  return input as unknown as OpenAIChatRequestInput;
}

/** A stop string, or an array of them (copied, as the schema does). */
const stop: Check = (value) => (typeof value === 'string' ? value : strings(value));

/** `stream_options` with nothing but `include_usage` (a boolean or null), copied as the schema does. */
const streamOptions: Check = (value) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refused;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 0) return {};
  if (keys.length !== 1 || keys[0] !== 'include_usage') return refused;
  const include = record.include_usage;
  if (include === undefined) return {};
  return include === null || typeof include === 'boolean' ? { include_usage: include } : refused;
};

/** The schema's fields after `messages`, in its order, with what each accepts besides null. */
const fields: ReadonlyArray<readonly [string, Check]> = [
  ['tools', throughSchema],
  ['tool_choice', throughSchema],
  ['parallel_tool_calls', boolean],
  ['response_format', throughSchema],
  ['stream', boolean],
  ['stream_options', streamOptions],
  ['temperature', between(0, 2)],
  ['top_p', between(0, 1)],
  ['presence_penalty', between(-2, 2)],
  ['frequency_penalty', between(-2, 2)],
  ['seed', integer],
  ['max_tokens', positiveInteger],
  ['max_completion_tokens', positiveInteger],
  ['stop', stop],
  ['user', string],
  ['n', integer],
];

const simpleRoles: ReadonlySet<unknown> = new Set(['system', 'developer', 'user', 'assistant']);

/** Plain-text messages as the schema returns them, or undefined when one is anything else. */
function simpleMessages(value: unknown): Array<Record<string, unknown>> | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const messages: Array<Record<string, unknown>> = [];
  for (let index = 0; index < value.length; index++) {
    const message: unknown = value[index];
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined;
    const record = message as Record<string, unknown>;
    const keys = Object.keys(record);
    let known = 0;
    if ('role' in record) known++;
    if ('content' in record) known++;
    if ('name' in record) known++;
    // Other keys (an echoed `refusal`, `tool_calls`...) go through the schema.
    if (keys.length !== known || !simpleRoles.has(record.role) || typeof record.content !== 'string') return undefined;
    const name = record.name;
    if (name !== undefined && typeof name !== 'string') return undefined;
    const converted: Record<string, unknown> = { role: record.role, content: record.content };
    if ('name' in record) converted.name = name;
    messages.push(converted);
  }
  return messages;
}
