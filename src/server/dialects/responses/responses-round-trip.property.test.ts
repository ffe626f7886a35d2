import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssistantContentPart, Message } from '../../../core/canonical/message.ts';
import type { ChatResult, FinishReason } from '../../../core/canonical/result.ts';
import type { StreamPart } from '../../../core/canonical/stream-part.ts';
import { finishedResponse } from './build-response.ts';
import { encodeResponsesStream } from './encode-responses-stream.ts';
import { fromResponsesItems, validateResponsesItems } from './from-responses-input.ts';
import { parseResponsesRequest } from './parse-responses-request.ts';
import type { JsonObject, ResponsesObject } from './responses-wire-types.ts';
import { toResponsesOutput } from './to-responses-output.ts';

/** The tools every generated conversation declares: a function, a free-form custom tool, a function in a namespace. */
const tools = [
  { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
  { type: 'custom', name: 'apply_patch', description: 'Apply a patch' },
  { type: 'namespace', name: 'crm', description: 'CRM', tools: [{ type: 'function', name: 'find', parameters: { type: 'object', properties: {} } }] },
];
const canonicalNames = ['get_weather', 'apply_patch', 'crm__find'] as const;

const text = fc.string({ minLength: 1, maxLength: 24 });
const callId = fc.stringMatching(/^call_[a-z0-9]{6}$/);
const encrypted = fc.base64String({ minLength: 8, maxLength: 64 });

/** A reasoning item as OpenAI returns it (with encrypted content), and its readable text. */
const reasoningItem = fc.record({ id: fc.stringMatching(/^rs_[a-z0-9]{6}$/), summary: fc.array(text, { maxLength: 2 }), encrypted }).map(({ id, summary, encrypted: content }) => ({
  type: 'reasoning' as const,
  id,
  summary: summary.map((entry) => ({ type: 'summary_text' as const, text: entry })),
  encrypted_content: content,
}));

/** A tool call of one of the declared tools, with arguments as the model writes them (JSON text, maybe not valid). */
const toolCallPart = fc
  .record({ id: callId, name: fc.constantFrom(...canonicalNames), argumentsText: fc.oneof(fc.json({ maxDepth: 1 }), fc.string({ maxLength: 12 })), input: fc.string({ maxLength: 24 }) })
  .map(({ id, name, argumentsText, input }): AssistantContentPart => ({ type: 'tool-call', id, name, arguments: name === 'apply_patch' ? JSON.stringify({ input }) : argumentsText }));

const assistantPart: fc.Arbitrary<AssistantContentPart> = fc.oneof(
  text.map((value) => ({ type: 'text' as const, text: value })),
  toolCallPart,
  reasoningItem.map((item) => ({ type: 'reasoning' as const, text: item.summary.map((entry) => entry.text).join('\n\n'), providerOptions: { 'openai-responses': { item } } })),
);

/** Adjacent text parts joined: a run of text is one message item, in the stream and out of it. */
function joinTexts(parts: readonly AssistantContentPart[]): AssistantContentPart[] {
  const joined: AssistantContentPart[] = [];
  for (const part of parts) {
    const last = joined.at(-1);
    if (part.type === 'text' && last?.type === 'text') joined[joined.length - 1] = { type: 'text', text: last.text + part.text };
    else joined.push({ ...part });
  }
  return joined;
}

/** A turn's request parsed once, for its tool table. */
function turnFor(id: string) {
  return parseResponsesRequest({ model: 'm', input: 'x', tools }, { id, createdAt: 1_800_000_000 }).turn;
}

/** One conversation turn the client sends: user text, or the outputs of the calls the last answer made. */
const userTurn = fc.oneof(
  text.map((value): JsonObject => ({ role: 'user', content: value })),
  fc.array(text, { minLength: 1, maxLength: 2 }).map((values): JsonObject => ({ type: 'message', role: 'user', content: values.map((value) => ({ type: 'input_text', text: value })) })),
  text.map((value): JsonObject => ({ role: 'developer', content: value })),
);

describe('Responses round trips (property)', () => {
  it('an answer sent back as input (as agents do) is the same canonical content, reasoning kept whole', () => {
    const turn = turnFor('resp_roundtrip');
    fc.assert(
      fc.property(fc.array(assistantPart, { minLength: 1, maxLength: 8 }), (content) => {
        const items = toResponsesOutput(turn.id, content, turn.origins, false);
        const messages = fromResponsesItems(validateResponsesItems(items, 'input'), 'input');
        expect(messages).toEqual([{ role: 'assistant', content: joinTexts(content) }]);
        const sentReasoning = content.flatMap((part) => (part.type === 'reasoning' ? [part.providerOptions?.['openai-responses']?.item] : []));
        expect(items.filter((item) => item.type === 'reasoning')).toEqual(sentReasoning);
      }),
    );
  });

  it('a previous_response_id chain is the same conversation as sending it whole, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(userTurn, fc.array(assistantPart, { minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 5 }), userTurn, (turns, last) => {
        // Each turn is "stored" as the store keeps it: its normalised input items, then its output items.
        const stored: JsonObject[] = [];
        const inline: JsonObject[] = [];
        turns.forEach(([input, answer], index) => {
          const id = `resp_t${index}`;
          const { turn } = parseResponsesRequest({ model: 'm', input: [input], tools, ...(index > 0 ? { previous_response_id: `resp_t${index - 1}` } : {}) }, { id, createdAt: 1, previousItems: stored });
          const output = toResponsesOutput(id, answer, turn.origins, false) as unknown as JsonObject[];
          stored.push(...turn.inputItems, ...output);
          inline.push(input, ...output);
        });
        const chained = parseResponsesRequest({ model: 'm', input: [last], tools, previous_response_id: 'resp_prev' }, { id: 'resp_last', createdAt: 1, previousItems: stored }).request.messages;
        const whole = parseResponsesRequest({ model: 'm', input: [...inline, last], tools }, { id: 'resp_whole', createdAt: 1 }).request.messages;
        expect(chained).toEqual(whole);
        expect(summarise(chained)).toEqual([...turns.flatMap(([input, answer]) => [...summariseInput(input), ...summariseAnswer(answer)]), ...summariseInput(last)]);
      }),
    );
  });

  it('a streamed answer and the same answer whole agree: events numbered, items as streamed, same final response', async () => {
    const finishReason = fc.constantFrom<FinishReason>({ unified: 'stop' }, { unified: 'length' }, { unified: 'tool-calls' }, { unified: 'content-filter' });
    const usage = fc.record({ inputTokens: fc.nat(10_000), outputTokens: fc.nat(10_000), cachedInputTokens: fc.nat(100) });
    // Reasoning as a provider that shows it streams it (Anthropic thinking: text then its signature, or redacted).
    const providerReasoning = fc.oneof(
      fc.record({ text: fc.string({ maxLength: 24 }), signature: encrypted }).map(({ text: value, signature }): AssistantContentPart => ({ type: 'reasoning', text: value, signature })),
      encrypted.map((data): AssistantContentPart => ({ type: 'reasoning', text: '', redactedData: data })),
    );
    const content = fc.array(fc.oneof(text.map((value) => ({ type: 'text' as const, text: value })), toolCallPart, providerReasoning), { maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(content, finishReason, usage, fc.array(fc.nat(5), { minLength: 1, maxLength: 8 }), async (parts, reason, counted, cuts) => {
        const result: ChatResult = { model: 'm', content: parts, finishReason: reason, usage: counted, warnings: [] };
        const turn = turnFor('resp_stream');
        const whole = finishedResponse(turn, 'm', result, 1_800_000_001);
        const frames: string[] = [];
        for await (const frame of encodeResponsesStream(streamOf(result, cuts), turn, 'm', () => 1_800_000_001)) frames.push(frame);
        const events = frames.map((frame) => {
          const [eventLine, dataLine] = frame.split('\n');
          const data = JSON.parse(dataLine!.slice('data: '.length)) as { type: string; sequence_number: number; response?: ResponsesObject; item?: unknown };
          expect(eventLine).toBe(`event: ${data.type}`);
          return data;
        });
        expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
        const final = events.at(-1)!;
        expect(final.type).toBe(whole.status === 'incomplete' ? 'response.incomplete' : 'response.completed');
        expect(final.response).toEqual(whole);
        expect(events.filter((event) => event.type === 'response.output_item.done').map((event) => event.item)).toEqual(whole.output);
        // What reasoning shows is streamed as its summary; signatures and redacted data are not shown.
        const summaries = events.filter((event) => event.type === 'response.reasoning_summary_text.done').map((event) => (event as unknown as { text: string }).text);
        expect(summaries).toEqual(parts.flatMap((part) => (part.type === 'reasoning' && part.text !== '' ? [part.text] : [])));
        expect(frames.join('')).not.toMatch(/signature|redacted/);
      }),
    );
  });
});

/** The stream an adapter would produce for a result, text and arguments cut at the given places. */
async function* streamOf(result: ChatResult, cuts: number[]): AsyncGenerator<StreamPart> {
  yield { type: 'stream-start', warnings: [] };
  let index = 0;
  let cut = 0;
  const pieces = (value: string) => {
    const out: string[] = [];
    let rest = value;
    while (rest.length > 0) {
      const size = 1 + (cuts[cut++ % cuts.length] ?? 0);
      out.push(rest.slice(0, size));
      rest = rest.slice(size);
    }
    return out;
  };
  for (const part of result.content) {
    if (part.type === 'text') for (const delta of pieces(part.text)) yield { type: 'text-delta', delta };
    else if (part.type === 'reasoning') {
      if (part.redactedData !== undefined) yield { type: 'reasoning-redacted', data: part.redactedData };
      else for (const delta of pieces(part.text)) yield { type: 'reasoning-delta', delta };
      if (part.signature !== undefined) yield { type: 'reasoning-signature', signature: part.signature };
    } else if (part.type === 'tool-call') {
      const toolIndex = index++;
      yield { type: 'tool-input-start', index: toolIndex, id: part.id, name: part.name };
      for (const delta of pieces(part.arguments)) yield { type: 'tool-input-delta', index: toolIndex, delta };
      yield { type: 'tool-input-end', index: toolIndex };
    }
  }
  yield { type: 'usage', usage: { inputTokens: result.usage.inputTokens } };
  yield { type: 'finish', finishReason: result.finishReason, usage: result.usage };
}

/** What a conversation says, in order: who said which text, which calls and results, which reasoning. */
function summarise(messages: readonly Message[]): string[] {
  return messages.flatMap((message) =>
    message.content.map((part) => {
      switch (part.type) {
        case 'text':
          return `${message.role}:${part.text}`;
        case 'tool-call':
          return `call:${part.id}:${part.name}:${part.arguments}`;
        case 'reasoning':
          return `reasoning:${part.text}`;
        default:
          return `${message.role}:${part.type}`;
      }
    }),
  );
}

function summariseInput(item: JsonObject): string[] {
  const role = item.role === 'developer' ? 'system' : String(item.role);
  if (typeof item.content === 'string') return [`${role}:${item.content}`];
  return (item.content as Array<{ text: string }>).map((part) => `${role}:${part.text}`);
}

function summariseAnswer(parts: readonly AssistantContentPart[]): string[] {
  return summarise([{ role: 'assistant', content: joinTexts(parts) }]);
}
