import { between, boolean, copyCheckedFields, naturalNumber, refused, string, strings, throughSchema, type Check } from '../field-checks.ts';
import type { MessagesRequestInput } from './anthropic-request-schema.ts';

/**
 * The validated input of the most common Messages body without the zod schema: text-only messages (`user`,
 * `assistant` or `system` with a string `content` and no other key), an optional string `system`, scalar sampling
 * fields, `stop_sequences`, `metadata` and `stream`, other top-level fields being ones the schema does not list.
 * Returns exactly what `messagesRequestSchema.safeParse(body).data` would (the same values, the schema's keys in its
 * order and then the others in the body's), or undefined for any body outside that shape (tools, content blocks,
 * `thinking`, a null where the schema wants a value...), which then goes through the schema: this only ever accepts
 * what the schema accepts, so refusals and their messages stay the schema's. The OpenAI dialect's twin is
 * `simpleChatRequestInput`; the schema cost about 3 % of the gateway's CPU per request (`--cpu-prof`, concurrency 32).
 * @see https://docs.anthropic.com/en/api/messages
 */
export function simpleMessagesRequestInput(body: Record<string, unknown>): MessagesRequestInput | undefined {
  const model = body.model;
  if (typeof model !== 'string' || model.length === 0) return undefined;
  const maxTokens = body.max_tokens;
  if (typeof maxTokens !== 'number' || !Number.isSafeInteger(maxTokens) || maxTokens < 1) return undefined;
  const messages = simpleMessages(body.messages);
  if (messages === undefined) return undefined;
  const input: Record<string, unknown> = { model, max_tokens: maxTokens, messages };
  // The schema's fields are not nullable: a null goes to its check, which leaves it to the schema.
  if (!copyCheckedFields(body, fields, input, false)) return undefined;
  // The schema keeps the fields it does not list (loose), after its own, in the body's order.
  for (const key of Object.keys(body)) {
    if (key === '__proto__') return undefined;
    if (!schemaFields.has(key)) input[key] = body[key];
  }
  return input as unknown as MessagesRequestInput;
}

const unit = between(0, 1);

/** `metadata`: an object whose `user_id`, when present, is a string, null or undefined; copied, `user_id` first. */
const metadata: Check = (value) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refused;
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  if ('user_id' in record) {
    const userId = record.user_id;
    if (userId !== undefined && userId !== null && typeof userId !== 'string') return refused;
    copy.user_id = userId;
  }
  for (const key of Object.keys(record)) {
    if (key === '__proto__') return refused;
    if (key !== 'user_id') copy[key] = record[key];
  }
  return copy;
};

/** The schema's fields after `messages`, in its order, with what each accepts (undefined aside). */
const fields: ReadonlyArray<readonly [string, Check]> = [
  ['system', string],
  ['tools', throughSchema],
  ['tool_choice', throughSchema],
  ['stop_sequences', strings],
  ['temperature', unit],
  ['top_p', unit],
  ['top_k', naturalNumber],
  ['metadata', metadata],
  ['stream', boolean],
  ['output_config', throughSchema],
  ['thinking', throughSchema],
];

/** Every field the schema lists; any other is kept as sent. */
const schemaFields: ReadonlySet<string> = new Set(['model', 'max_tokens', 'messages', ...fields.map(([name]) => name)]);

const simpleRoles: ReadonlySet<unknown> = new Set(['user', 'assistant', 'system']);

/** Text-only messages as the schema returns them (copies with `role` then `content`), or undefined. */
function simpleMessages(value: unknown): Array<Record<string, unknown>> | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const messages: Array<Record<string, unknown>> = [];
  for (let index = 0; index < value.length; index++) {
    const message: unknown = value[index];
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined;
    const record = message as Record<string, unknown>;
    // Content blocks and any other key (kept by the loose schema after its own) go through the schema.
    if (!simpleRoles.has(record.role) || typeof record.content !== 'string' || Object.keys(record).length !== 2) return undefined;
    messages.push({ role: record.role, content: record.content });
  }
  return messages;
}
