import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRelayTap } from './passthrough-usage.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Splits bytes at the given cut points (sorted, deduplicated, within range). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((left, right) => left - right);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    if (point > start) chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

function relay(stream: string, cuts: number[], dropUsageChunk: boolean, dialect: 'openai' | 'anthropic' = 'openai') {
  const tap = createRelayTap(dialect, { dropUsageChunk });
  let out = '';
  for (const chunk of split(encoder.encode(stream), cuts)) {
    const passed = tap.push(chunk);
    out += typeof passed === 'string' ? passed : decoder.decode(passed);
  }
  out += tap.end();
  return { out, tap };
}

const newline = fc.constantFrom('\n', '\r\n');
const word = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '日', '"', '\\', ' ', '😀'), maxLength: 6 });

/**
 * An OpenAI stream as sent with include_usage (content chunks with `usage: null`, the usage chunk, [DONE]), and the
 * content chunks as the provider sends them without it (what a client that did not ask for usage expects).
 */
const openAIStream = fc.record({ words: fc.array(word, { minLength: 1, maxLength: 8 }), eol: newline, input: fc.nat(5000), output: fc.nat(5000) }).map(({ words, eol, input, output }) => {
  const event = (data: string) => `data: ${data}${eol}${eol}`;
  const chunk = (delta: object, finish: string | null, usageNull: boolean) =>
    JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }], ...(usageNull ? { usage: null } : {}) });
  const contentOf = (usageNull: boolean) => words.map((text) => event(chunk({ content: text }, null, usageNull))).join('') + event(chunk({}, 'stop', usageNull));
  const usageEvent = event(JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output } }));
  return { content: contentOf(true), plainContent: contentOf(false), usageEvent, done: event('[DONE]'), input, output };
});

describe('the relay tap', () => {
  it('removes what include_usage added (the usage chunk, usage: null), reads the usage, and passes the rest on in order, however the stream is split', () => {
    fc.assert(
      fc.property(openAIStream, fc.array(fc.nat(), { maxLength: 12 }), (stream, cuts) => {
        const { out, tap } = relay(stream.content + stream.usageEvent + stream.done, cuts, true);
        expect(out).toBe(stream.plainContent + stream.done);
        expect(tap.answer.usage).toMatchObject({ inputTokens: stream.input, outputTokens: stream.output });
        expect(tap.tail.endsWith(stream.done.slice(-tap.tail.length))).toBe(true);
      }),
    );
  });

  it('keeps the usage chunk when the client asked for it', () => {
    fc.assert(
      fc.property(openAIStream, fc.array(fc.nat(), { maxLength: 12 }), (stream, cuts) => {
        const whole = stream.content + stream.usageEvent + stream.done;
        const { out, tap } = relay(whole, cuts, false);
        expect(out).toBe(whole);
        expect(tap.answer.usage).toMatchObject({ inputTokens: stream.input, outputTokens: stream.output });
      }),
    );
  });

  it('passes a chunk of whole events without usage on as the same bytes', () => {
    const tap = createRelayTap('openai', { dropUsageChunk: true });
    const chunk = encoder.encode('data: {"choices":[{"delta":{"content":"hi"}}]}\n\n');
    expect(tap.push(chunk)).toBe(chunk);
  });

  it('leaves "usage":null inside a string alone', () => {
    const tap = createRelayTap('openai', { dropUsageChunk: true });
    const event = 'data: {"choices":[{"delta":{"content":"say ,\\"usage\\":null, please"}}],"usage":null}\n\n';
    expect(tap.push(encoder.encode(event))).toBe('data: {"choices":[{"delta":{"content":"say ,\\"usage\\":null, please"}}]}\n\n');
  });

  it('holds an unterminated event until its end, and gives it back at the end of the stream', () => {
    const tap = createRelayTap('openai');
    expect(tap.push(encoder.encode('data: {"choices":[{"delta":{"content":"h'))).toBe('');
    expect(tap.push(encoder.encode('i"}}]}\n\ndata: [DONE]'))).toBe('data: {"choices":[{"delta":{"content":"hi"}}]}\n\n');
    expect(tap.end()).toBe('data: [DONE]');
    expect(tap.tail.endsWith('data: [DONE]')).toBe(true);
  });

  it('adds up Anthropic usage from message_start and message_delta', () => {
    const stream = [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","usage":{"input_tokens":25,"cache_read_input_tokens":7,"output_tokens":1}}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"usage"}}\n\n',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":15}}\n\n',
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ].join('');
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 10 }), (cuts) => {
        const { out, tap } = relay(stream, cuts, true, 'anthropic');
        expect(out).toBe(stream);
        expect(tap.answer.usage).toMatchObject({ inputTokens: 32, cachedInputTokens: 7, outputTokens: 15 });
      }),
    );
  });
});
