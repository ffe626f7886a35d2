import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { expectShortcutAgreesWithSchema } from '../test-support/shortcut-agreement.ts';
import { openAIChatRequestSchema } from './openai-chat-request-schema.ts';
import { simpleChatRequestInput } from './simple-chat-request-input.ts';

/** Anything, now and then, where a valid value usually stands. */
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined), fc.constant(null));
const mostly = <T,>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 40 }, { arbitrary: anyValue, weight: 1 });
/** Usually absent, sometimes anything. */
const seldom = fc.oneof({ arbitrary: fc.constant(undefined), weight: 20 }, { arbitrary: anyValue, weight: 1 });
/** Numbers at and past a field's bounds, and ones no JSON holds. */
const oddNumber = fc.oneof(fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, Infinity, NaN, -0, 0.5, -1), fc.double());
const numberIn = (valid: fc.Arbitrary<number>) => fc.oneof({ arbitrary: valid, weight: 20 }, { arbitrary: oddNumber, weight: 1 }, { arbitrary: anyValue, weight: 1 });
const integer = (min: number, max: number) => numberIn(fc.integer({ min, max }));
const between = (min: number, max: number) => numberIn(fc.oneof(fc.double({ min, max, noNaN: true }), fc.constantFrom(min, max)));

const message = fc.record(
  {
    role: mostly(fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool')),
    content: mostly(fc.oneof({ arbitrary: fc.string(), weight: 10 }, { arbitrary: fc.constant([{ type: 'text', text: 'a' }]), weight: 1 })),
    name: fc.option(mostly(fc.string()), { nil: undefined }),
    tool_calls: seldom,
    refusal: seldom,
  },
  { requiredKeys: ['role', 'content'] },
);

/** Bodies mostly of the simple shape, each field sometimes of another type, absent, null or out of range. */
const body = fc.record(
  {
    model: mostly(fc.string({ maxLength: 8 })),
    messages: mostly(fc.array(message, { maxLength: 3 })),
    tools: seldom,
    tool_choice: seldom,
    response_format: seldom,
    parallel_tool_calls: mostly(fc.boolean()),
    stream: mostly(fc.boolean()),
    stream_options: mostly(fc.oneof({ arbitrary: fc.record({ include_usage: mostly(fc.boolean()) }, { requiredKeys: [] }), weight: 10 }, { arbitrary: fc.record({ include_usage: fc.boolean(), other: fc.string() }), weight: 1 })),
    temperature: between(0, 2),
    top_p: between(0, 1),
    presence_penalty: between(-2, 2),
    frequency_penalty: between(-2, 2),
    seed: integer(-1000, 1000),
    max_tokens: integer(0, 5000),
    max_completion_tokens: integer(0, 5000),
    stop: mostly(fc.oneof(fc.string(), fc.array(mostly(fc.string()), { maxLength: 3 }))),
    user: mostly(fc.string()),
    n: integer(0, 2),
    logit_bias: fc.option(anyValue, { nil: undefined }),
    metadata: fc.option(anyValue, { nil: undefined }),
  },
  { requiredKeys: [] },
);

describe('simpleChatRequestInput', () => {
  it('accepts only what the schema accepts and returns what the schema returns, keys in the same order', () => {
    expectShortcutAgreesWithSchema({
      shortcut: simpleChatRequestInput,
      schema: openAIChatRequestSchema as unknown as z.ZodType<NonNullable<ReturnType<typeof simpleChatRequestInput>>>,
      bodies: body as fc.Arbitrary<Record<string, unknown>>,
      // A key that names a member of Object.prototype (found by this property in a CI run).
      examples: [JSON.parse('{"model":" ","messages":[{"role":"user","content":""}],"constructor":{}}') as Record<string, unknown>],
      runs: 3000,
      minimumTaken: 100,
    });
  });

  it('takes the common plain-text chat body, and leaves tools, content parts and unknown message keys to the schema', () => {
    const plain = { model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi', name: 'ann' }], max_tokens: 64, stream: true, stream_options: { include_usage: true }, metadata: { a: 1 } };
    expect(simpleChatRequestInput(plain)).toStrictEqual(openAIChatRequestSchema.parse(plain));
    expect(simpleChatRequestInput({ ...plain, tools: [] })).toBeUndefined();
    expect(simpleChatRequestInput({ ...plain, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] })).toBeUndefined();
    expect(simpleChatRequestInput({ ...plain, messages: [{ role: 'assistant', content: 'Hi', refusal: null }] })).toBeUndefined();
    expect(simpleChatRequestInput({ ...plain, messages: [{ role: 'tool', content: 'Hi', tool_call_id: 'x' }] })).toBeUndefined();
    expect(simpleChatRequestInput({ ...plain, temperature: 2.5 })).toBeUndefined();
    expect(simpleChatRequestInput({ ...plain, messages: [] })).toBeUndefined();
  });
});
