import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Message } from '../../../core/canonical/message.ts';
import type { ChatRequest, ToolDefinition } from '../../../core/canonical/request.ts';
import { toOpenAIRequest } from '../../../providers/openai-compatible/to-openai-request.ts';
import { knownChatRequestFields } from './openai-chat-request-schema.ts';
import { parseOpenAIChatRequest } from './parse-openai-chat-request.ts';

/** A number without -0, which JSON cannot carry. */
const double = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map((value) => value + 0);
/** JSON values as they come out of JSON.parse (no -0). */
const json = fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown);
const jsonObject = fc.dictionary(fc.string(), json);
const text = fc.string();
const nonEmpty = fc.string({ minLength: 1 });
const textPart = text.map((value) => ({ type: 'text' as const, text: value }));
const detail = fc.option(fc.constantFrom('auto', 'low', 'high'), { nil: undefined });
const imagePart = fc.oneof(
  fc.record({ type: fc.constant('image' as const), url: fc.webUrl(), detail }, { requiredKeys: ['type', 'url'] }),
  fc.record(
    { type: fc.constant('image' as const), data: fc.base64String({ minLength: 4 }), mediaType: fc.constantFrom('image/png', 'image/jpeg', 'image/webp'), detail },
    { requiredKeys: ['type', 'data', 'mediaType'] },
  ),
);
const toolCall = fc.record({ type: fc.constant('tool-call' as const), id: nonEmpty, name: nonEmpty, arguments: text });

const message: fc.Arbitrary<Message> = fc.oneof(
  fc.record({ role: fc.constant('system' as const), content: fc.array(textPart, { minLength: 1, maxLength: 3 }) }),
  fc.record(
    { role: fc.constant('user' as const), content: fc.array(fc.oneof(textPart, imagePart), { minLength: 1, maxLength: 3 }), name: text },
    { requiredKeys: ['role', 'content'] },
  ),
  fc
    .record(
      {
        role: fc.constant('assistant' as const),
        texts: fc.array(nonEmpty.map((value) => ({ type: 'text' as const, text: value })), { maxLength: 2 }),
        calls: fc.array(toolCall, { maxLength: 2 }),
        name: fc.option(text, { nil: undefined }),
      },
    )
    .filter(({ texts, calls }) => texts.length + calls.length > 0)
    .map(({ role, texts, calls, name }): Message => (name === undefined ? { role, content: [...texts, ...calls] } : { role, content: [...texts, ...calls], name })),
  fc.record({
    role: fc.constant('tool' as const),
    content: fc.tuple(
      fc.record({ type: fc.constant('tool-result' as const), toolCallId: nonEmpty, content: fc.oneof(text, fc.array(textPart, { minLength: 1, maxLength: 2 })) }),
    ),
  }),
);

const tool: fc.Arbitrary<ToolDefinition> = fc.record(
  { name: nonEmpty, description: text, inputSchema: jsonObject, strict: fc.boolean() },
  { requiredKeys: ['name', 'inputSchema'] },
);

const extras = fc.dictionary(
  fc.string({ minLength: 1 }).filter((key) => !knownChatRequestFields.has(key) && key !== '__proto__'),
  json,
  { minKeys: 1, maxKeys: 3 },
);

const request: fc.Arbitrary<ChatRequest> = fc
  .record(
    {
      model: nonEmpty,
      messages: fc.array(message, { minLength: 1, maxLength: 5 }),
      tools: fc.uniqueArray(tool, { minLength: 1, maxLength: 3, selector: (item) => item.name }),
      toolChoiceKind: fc.constantFrom('auto', 'none', 'required', 'tool'),
      parallelToolCalls: fc.boolean(),
      responseFormat: fc.oneof(
        fc.constant({ type: 'text' as const }),
        fc.constant({ type: 'json' as const }),
        fc.record(
          { type: fc.constant('json-schema' as const), name: nonEmpty, schema: jsonObject, strict: fc.boolean(), description: text },
          { requiredKeys: ['type', 'name', 'schema'] },
        ),
      ),
      maxOutputTokens: fc.integer({ min: 1, max: 1_000_000 }),
      temperature: double(0, 2),
      topP: double(0, 1),
      presencePenalty: double(-2, 2),
      frequencyPenalty: double(-2, 2),
      seed: fc.integer(),
      stopSequences: fc.array(text, { maxLength: 4 }),
      user: text,
      stream: fc.boolean(),
      includeUsage: fc.boolean(),
      extras,
    },
    { requiredKeys: ['model', 'messages', 'stream'] },
  )
  .map(({ toolChoiceKind, extras: openai, includeUsage, ...rest }) => {
    const result: ChatRequest = { ...rest };
    if (toolChoiceKind !== undefined && (rest.tools !== undefined || toolChoiceKind === 'auto' || toolChoiceKind === 'none')) {
      result.toolChoice = toolChoiceKind === 'tool' ? { type: 'tool', name: rest.tools?.[0]?.name ?? '' } : { type: toolChoiceKind };
      if (toolChoiceKind === 'tool' && rest.tools === undefined) delete result.toolChoice;
    }
    if (includeUsage !== undefined && rest.stream) result.includeUsage = includeUsage;
    if (openai !== undefined) result.providerOptions = { openai };
    return result;
  });

describe('OpenAI round trip', () => {
  it('canonical → OpenAI body (adapter converter) → parser gives the original back', () => {
    fc.assert(
      fc.property(request, (original) => {
        const { body, warnings } = toOpenAIRequest(original);
        expect(warnings).toEqual([]);
        const wire = JSON.parse(JSON.stringify(body)) as unknown;
        expect(parseOpenAIChatRequest(wire)).toEqual(original);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps max_completion_tokens as the limit name through the round trip', () => {
    const parsed = parseOpenAIChatRequest({ model: 'o3', messages: [{ role: 'user', content: 'hi' }], max_completion_tokens: 50 });
    const { body } = toOpenAIRequest({ ...parsed, maxOutputTokens: 25 });
    expect(body.max_completion_tokens).toBe(25);
    expect(body).not.toHaveProperty('max_tokens');
  });
});
