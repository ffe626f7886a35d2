import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Message, TextPart, ToolResultPart } from '../../../core/canonical/message.ts';
import type { ChatRequest } from '../../../core/canonical/request.ts';
import { toAnthropicRequest } from '../../../providers/anthropic/to-anthropic-request.ts';
import { parseAnthropicMessagesRequest } from './parse-anthropic-messages-request.ts';

/*
 * The expressible subset: what the Anthropic wire format can carry without loss. Excluded on purpose:
 * two consecutive messages of the same role (Anthropic merges them), a user message directly before a tool
 * message (the merged turn puts tool results first), system messages after the start, empty texts, images
 * with a `detail`, penalties and seeds, and OpenAI-only fields.
 */
const text = fc.string({ minLength: 1, maxLength: 20 });
const cacheControl = fc.constantFrom(undefined, { anthropic: { cache_control: { type: 'ephemeral' } } });
const textPart: fc.Arbitrary<TextPart> = fc.record({ text, providerOptions: cacheControl }).map(({ text: value, providerOptions }) =>
  providerOptions ? { type: 'text', text: value, providerOptions } : { type: 'text', text: value },
);
const imagePart = fc.oneof(
  fc.record({ type: fc.constant('image' as const), data: fc.base64String({ minLength: 4, maxLength: 16 }), mediaType: fc.constantFrom('image/png', 'image/jpeg') }),
  fc.record({ type: fc.constant('image' as const), url: fc.webUrl({ validSchemes: ['https'] }) }),
);
const plainObject = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }).filter((key) => key !== '__proto__'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
const toolCall = fc.record({ id: text, name: text, input: plainObject }).map(({ id, name, input }) => ({
  type: 'tool-call' as const,
  id,
  name,
  arguments: JSON.stringify(JSON.parse(JSON.stringify(input))),
}));
const toolResult: fc.Arbitrary<ToolResultPart> = fc
  .record({ toolCallId: text, content: fc.oneof(fc.string({ maxLength: 10 }), fc.array(fc.oneof(textPart, imagePart), { minLength: 1, maxLength: 2 })), isError: fc.constantFrom(undefined, true, false) })
  .map(({ toolCallId, content, isError }) => (isError === undefined ? { type: 'tool-result', toolCallId, content } : { type: 'tool-result', toolCallId, content, isError }));

const userMessage = fc.array(fc.oneof(textPart, imagePart), { minLength: 1, maxLength: 3 }).map((content): Message => ({ role: 'user', content }));
const assistantMessage = fc.array(fc.oneof(textPart, toolCall), { minLength: 1, maxLength: 3 }).map((content): Message => ({ role: 'assistant', content }));
const toolMessage = fc.array(toolResult, { minLength: 1, maxLength: 3 }).map((content): Message => ({ role: 'tool', content }));

/** Builds a conversation where no two neighbours merge on the wire. */
const conversation = fc
  .array(fc.constantFrom<'user' | 'assistant' | 'tool'>('user', 'assistant', 'tool'), { minLength: 1, maxLength: 6 })
  .map((roles) =>
    roles.reduce<Array<'user' | 'assistant' | 'tool'>>((kept, role) => {
      const previous = kept.at(-1);
      if (previous !== role && !(previous === 'user' && role === 'tool')) kept.push(role);
      return kept;
    }, []),
  )
  .chain((roles) => fc.tuple(...roles.map((role) => (role === 'user' ? userMessage : role === 'assistant' ? assistantMessage : toolMessage))));

const tools = fc.array(
  fc.record({ name: text, description: fc.option(text, { nil: undefined }), strict: fc.option(fc.boolean(), { nil: undefined }) }).map(({ name, description, strict }) => ({
    name,
    inputSchema: { type: 'object', properties: { [name]: { type: 'string' } } },
    ...(description === undefined ? {} : { description }),
    ...(strict === undefined ? {} : { strict }),
  })),
  { minLength: 1, maxLength: 2 },
);

const canonicalRequest: fc.Arbitrary<ChatRequest> = fc
  .record(
    {
      model: text,
      system: fc.option(fc.array(textPart, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      messages: conversation,
      maxOutputTokens: fc.integer({ min: 1, max: 100_000 }),
      stream: fc.boolean(),
      tools: fc.option(tools, { nil: undefined }),
      toolChoice: fc.option(fc.oneof(fc.constant({ type: 'auto' as const }), fc.constant({ type: 'required' as const }), fc.constant({ type: 'none' as const }), text.map((name) => ({ type: 'tool' as const, name }))), { nil: undefined }),
      parallelToolCalls: fc.option(fc.boolean(), { nil: undefined }),
      temperature: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      topP: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      topK: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
      stopSequences: fc.option(fc.array(text, { minLength: 1, maxLength: 3 }), { nil: undefined }),
      user: fc.option(text, { nil: undefined }),
      jsonSchema: fc.boolean(),
      thinking: fc.boolean(),
    },
    { requiredKeys: ['model', 'messages', 'maxOutputTokens', 'stream'] },
  )
  .map((generated) => {
    const request: ChatRequest = {
      model: generated.model,
      messages: [...(generated.system ? [{ role: 'system' as const, content: generated.system }] : []), ...generated.messages],
      maxOutputTokens: generated.maxOutputTokens,
      stream: generated.stream,
    };
    if (generated.tools) {
      request.tools = generated.tools;
      if (generated.toolChoice) request.toolChoice = generated.toolChoice;
      if (generated.toolChoice && generated.toolChoice.type !== 'none' && generated.parallelToolCalls !== undefined) request.parallelToolCalls = generated.parallelToolCalls;
    }
    if (generated.temperature !== undefined) request.temperature = generated.temperature;
    if (generated.topP !== undefined) request.topP = generated.topP;
    if (generated.topK !== undefined) request.topK = generated.topK;
    if (generated.stopSequences) request.stopSequences = generated.stopSequences;
    if (generated.user !== undefined) request.user = generated.user;
    if (generated.jsonSchema) request.responseFormat = { type: 'json-schema', name: 'response', schema: { type: 'object' } };
    if (generated.thinking) {
      // Anthropic requires a thinking budget of at least 1,024 tokens, below max_tokens.
      request.maxOutputTokens = generated.maxOutputTokens + 1024;
      request.providerOptions = { anthropic: { thinking: { type: 'enabled', budget_tokens: 1024 } } };
    }
    return request;
  });

describe('Anthropic round trip', () => {
  it('canonical -> Anthropic body -> canonical gives the original request, without warnings', () => {
    fc.assert(
      fc.property(canonicalRequest, (request) => {
        const { body, warnings } = toAnthropicRequest(request);
        expect(warnings).toEqual([]);
        const wire = JSON.parse(JSON.stringify(body)) as unknown;
        expect(parseAnthropicMessagesRequest(wire)).toEqual(request);
      }),
      { numRuns: 400 },
    );
  });
});
