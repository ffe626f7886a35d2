import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { expectShortcutAgreesWithSchema } from '../test-support/shortcut-agreement.ts';
import { messagesRequestSchema } from './anthropic-request-schema.ts';
import { simpleMessagesRequestInput } from './simple-messages-request-input.ts';

/** Anything, now and then, where a valid value usually stands. */
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined), fc.constant(null));
const mostly = <T,>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 40 }, { arbitrary: anyValue, weight: 1 });
/** Usually absent, sometimes anything. */
const seldom = fc.oneof({ arbitrary: fc.constant(undefined), weight: 20 }, { arbitrary: anyValue, weight: 1 });
/** Numbers at and past a field's bounds, and ones no JSON holds. */
const oddNumber = fc.oneof(fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, Infinity, NaN, -0, 0.5, -1, 1.0000001), fc.double());
const numberIn = (valid: fc.Arbitrary<number>) => fc.oneof({ arbitrary: valid, weight: 20 }, { arbitrary: oddNumber, weight: 1 }, { arbitrary: anyValue, weight: 1 });
const integer = (min: number, max: number) => numberIn(fc.integer({ min, max }));
const unit = numberIn(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1)));

const message = fc.record(
  {
    role: mostly(fc.constantFrom('user', 'assistant', 'system', 'tool')),
    content: mostly(fc.oneof({ arbitrary: fc.string(), weight: 10 }, { arbitrary: fc.constant([{ type: 'text', text: 'a' }]), weight: 1 })),
    extra: seldom,
  },
  { requiredKeys: ['role', 'content'] },
);

/** An object key that is sometimes one the schema or JavaScript treats specially. */
const extraKey = fc.oneof({ arbitrary: fc.string({ maxLength: 6 }), weight: 10 }, { arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'model', 'user_id'), weight: 1 });

/** Bodies mostly of the simple shape, each field sometimes of another type, absent, null or out of range. */
const body = fc
  .tuple(
    fc.record(
      {
        model: mostly(fc.string({ maxLength: 8 })),
        max_tokens: integer(0, 5000),
        messages: mostly(fc.array(message, { maxLength: 3 })),
        system: mostly(fc.oneof({ arbitrary: fc.string(), weight: 10 }, { arbitrary: fc.constant([{ type: 'text', text: 'Be brief.' }]), weight: 1 })),
        tools: seldom,
        tool_choice: seldom,
        stop_sequences: mostly(fc.array(mostly(fc.string()), { maxLength: 3 })),
        temperature: unit,
        top_p: unit,
        top_k: integer(-2, 500),
        metadata: mostly(fc.oneof(fc.record({ user_id: mostly(fc.string()) }, { requiredKeys: [] }), fc.dictionary(extraKey, anyValue, { maxKeys: 2 }))),
        stream: mostly(fc.boolean()),
        output_config: seldom,
        thinking: seldom,
        service_tier: seldom,
        container: seldom,
      },
      { requiredKeys: [] },
    ),
    fc.dictionary(extraKey, anyValue, { maxKeys: 2 }),
    fc.boolean(),
  )
  // Extra keys before or after the schema's own: the schema's output order must not depend on it.
  .map(([fields, extras, extrasFirst]) => (extrasFirst ? { ...extras, ...fields } : { ...fields, ...extras }) as Record<string, unknown>);

describe('simpleMessagesRequestInput', () => {
  it('accepts only what the schema accepts and returns what the schema returns, keys in the same order', () => {
    expectShortcutAgreesWithSchema({
      shortcut: simpleMessagesRequestInput,
      schema: messagesRequestSchema as unknown as z.ZodType<NonNullable<ReturnType<typeof simpleMessagesRequestInput>>>,
      bodies: body as fc.Arbitrary<Record<string, unknown>>,
      // A key that names a member of Object.prototype (found by this property in a CI run).
      examples: [JSON.parse('{"model":" ","max_tokens":1,"messages":[{"role":"user","content":""}],"constructor":{}}') as Record<string, unknown>],
      runs: 4000,
      minimumTaken: 200,
      sameKeyOrder: (got, want) => {
        if (got.metadata) expect(Object.keys(got.metadata)).toEqual(Object.keys(want.metadata!));
      },
    });
  });

  it('takes the common text body (Claude Code sends metadata.user_id), and leaves blocks, tools and thinking to the schema', () => {
    const plain = JSON.parse(
      '{"model":"claude-sonnet-4-5","max_tokens":1024,"system":"Be brief.","messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"user","content":"Bye"}],"metadata":{"user_id":"u-1"},"stream":true,"temperature":0.2,"service_tier":"auto"}',
    ) as Record<string, unknown>;
    const fast = simpleMessagesRequestInput(plain);
    expect(fast).toStrictEqual(messagesRequestSchema.parse(plain));
    expect(Object.keys(fast!)).toEqual(['model', 'max_tokens', 'messages', 'system', 'temperature', 'metadata', 'stream', 'service_tier']);
    expect(simpleMessagesRequestInput({ ...plain, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] })).toBeUndefined();
    expect(simpleMessagesRequestInput({ ...plain, system: [{ type: 'text', text: 'Be brief.' }] })).toBeUndefined();
    expect(simpleMessagesRequestInput({ ...plain, tools: [] })).toBeUndefined();
    expect(simpleMessagesRequestInput({ ...plain, thinking: { type: 'enabled', budget_tokens: 2048 } })).toBeUndefined();
    expect(simpleMessagesRequestInput({ ...plain, temperature: 1.5 })).toBeUndefined();
    expect(simpleMessagesRequestInput({ ...plain, temperature: null })).toBeUndefined();
    expect(simpleMessagesRequestInput({ ...plain, max_tokens: 0 })).toBeUndefined();
    expect(simpleMessagesRequestInput({ ...plain, messages: [] })).toBeUndefined();
    expect(simpleMessagesRequestInput(JSON.parse('{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"__proto__":{"a":1}}') as Record<string, unknown>)).toBeUndefined();
  });
});
