import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../core/canonical/request.ts';
import type { StreamPart } from '../../../core/canonical/stream-part.ts';
import type { AdapterSettings, ProviderAdapterV1 } from '../../../core/provider/adapter.ts';
import { collect } from './collect.ts';
import { describeCallDeadline } from './describe-call-deadline.ts';
import { holdOpen, reply } from './fixture-replies.ts';
import { startFixtureServer, type FixtureServer } from './fixture-server.ts';
import { rejection } from './rejection.ts';

/** A recorded answer body and the content type it is served with. */
export interface WireBody {
  body: string;
  contentType: string;
}

/** A recorded non-2xx answer. */
export interface WireError {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** One adapter, as the contract needs it: a factory and its protocol's recorded answers (`__fixtures__`). */
export interface AdapterContractCase {
  /** The adapter under test, pointed at the fixture server's origin, with the case's key; `settings` add to them. */
  create(origin: string, settings?: Partial<AdapterSettings>): ProviderAdapterV1;
  /** The key `create` configures: it must reach the provider and never appear in an error. */
  apiKey: string;
  /** A chat request with one tool declared (its model is the upstream name the fixtures answer for). */
  request: ChatRequest;
  /** A whole text answer, and the text it holds. */
  generatedText: WireBody & { text: string };
  /** A whole answer that calls the tool `name`. */
  generatedToolCall: WireBody & { name: string };
  /** A streamed text answer ending with the protocol's end, and the text its deltas add up to. */
  streamedText: WireBody & { text: string };
  /** A streamed answer that calls the tool `name`. */
  streamedToolCall: WireBody & { name: string };
  /**
   * The start of a streamed text answer: enough for `stream-start` and at least one `text-delta`, and nothing that
   * ends it. Served whole it is a truncated stream; served and held open, a provider that is still thinking.
   */
  streamHead: string;
  /** The first bytes of a whole answer, after which the provider stalls (for the call deadline). */
  stalledAnswer: string;
  /** A 429 answer with the provider's own rate-limit error, the retry delay it asks for (s) and words of its message. */
  rateLimited: WireError & { retryAfterSeconds: number; message: string };
  /** A 4xx answer whose message quotes `key` (providers echo bad keys), and the code it is thrown with. */
  quotingKey(key: string): WireError & { code: string };
}

/**
 * The contract every provider adapter keeps, run against recorded wire bodies served over real HTTP on loopback:
 * streaming (parts in order, one `finish` last), tools (whole and streamed), errors (catalogued, retryable where
 * the provider says so, never carrying the key), abort (the upstream socket closes and the stream ends with an
 * error, never a finish), socket close (the outcome is an `upstream_connection` error part), truncation (no
 * `finish`), and the timeouts (`timeoutMs`, `idleTimeoutMs`). An adapter's own tests keep only what is particular
 * to its protocol (paths, headers, body conversion).
 */
export function describeAdapterContract(name: string, testCase: AdapterContractCase): void {
  describe(`${name}: the adapter contract`, () => {
    let server: FixtureServer;
    let adapter: ProviderAdapterV1;
    const streamRequest = { ...testCase.request, stream: true };
    const generateRequest = { ...testCase.request, stream: false };

    beforeAll(async () => {
      server = await startFixtureServer();
      adapter = testCase.create(server.origin);
    });
    afterAll(async () => {
      await adapter.close?.();
      await server.close();
    });

    const serve = (answer: WireBody) => server.handle(reply(200, answer.body, { 'content-type': answer.contentType }));

    describe('streaming', () => {
      it('gives stream-start first, the text as deltas, and one finish last', async () => {
        serve(testCase.streamedText);
        const parts = await collect((await adapter.doStream(streamRequest, {})).stream);
        expect(parts[0]?.type).toBe('stream-start');
        expect(parts.filter((part) => part.type === 'finish')).toHaveLength(1);
        expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop' } });
        expect(textOf(parts)).toBe(testCase.streamedText.text);
        expect(parts.some((part) => part.type === 'error')).toBe(false);
      });

      it('reads a whole answer', async () => {
        serve(testCase.generatedText);
        const { result } = await adapter.doGenerate(generateRequest, {});
        expect(result.content).toEqual([{ type: 'text', text: testCase.generatedText.text }]);
        expect(result.finishReason.unified).toBe('stop');
        expect(result.usage.inputTokens).toBeGreaterThan(0);
      });

      it('sends the key to the provider', async () => {
        serve(testCase.generatedText);
        await adapter.doGenerate(generateRequest, {});
        expect(JSON.stringify(server.requests[0]?.headers)).toContain(testCase.apiKey);
      });
    });

    describe('tools', () => {
      it('reads a whole answer that calls a tool: id, name, JSON object arguments, finish reason tool-calls', async () => {
        serve(testCase.generatedToolCall);
        const { result } = await adapter.doGenerate(generateRequest, {});
        const calls = result.content.filter((part) => part.type === 'tool-call');
        expect(calls.length).toBeGreaterThan(0);
        for (const call of calls) {
          expect(call.id).not.toBe('');
          expect(call.name).toBe(testCase.generatedToolCall.name);
          expect(typeof JSON.parse(call.arguments)).toBe('object');
        }
        expect(result.finishReason.unified).toBe('tool-calls');
      });

      it('streams a tool call: a start with id and name, deltas that add up to a JSON object, then finish', async () => {
        serve(testCase.streamedToolCall);
        const parts = await collect((await adapter.doStream(streamRequest, {})).stream);
        const starts = parts.filter((part) => part.type === 'tool-input-start');
        expect(starts.length).toBeGreaterThan(0);
        for (const start of starts) {
          expect(start.id).not.toBe('');
          expect(start.name).toBe(testCase.streamedToolCall.name);
          const input = parts
            .filter((part) => part.type === 'tool-input-delta' && part.index === start.index)
            .map((part) => (part as Extract<StreamPart, { type: 'tool-input-delta' }>).delta)
            .join('');
          expect(typeof JSON.parse(input)).toBe('object');
        }
        expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'tool-calls' } });
      });
    });

    describe('errors', () => {
      it("throws the provider's rate limit as a retryable upstream_rate_limited with its retry delay", async () => {
        const { status, body, headers, retryAfterSeconds, message } = testCase.rateLimited;
        server.handle(reply(status, body, headers));
        const error = await rejection(adapter.doGenerate(generateRequest, {}));
        expect(error).toMatchObject({ code: 'upstream_rate_limited', status: 429, retryable: true, retryAfterSeconds });
        expect(error.message).toContain(message);
      });

      it('throws a failure before the stream starts, rather than starting a stream', async () => {
        const { status, body, headers } = testCase.rateLimited;
        server.handle(reply(status, body, headers));
        expect((await rejection(adapter.doStream(streamRequest, {}))).code).toBe('upstream_rate_limited');
      });

      it('never puts the key into an error, even when the provider quotes it', async () => {
        const { status, body, headers, code } = testCase.quotingKey(testCase.apiKey);
        server.handle(reply(status, body, headers));
        const error = await rejection(adapter.doGenerate(generateRequest, {}));
        expect(error.code).toBe(code);
        const serialised = JSON.stringify({ message: error.message, details: error.details, stack: error.stack, cause: String(error.cause) });
        expect(serialised).not.toContain(testCase.apiKey);
      });

      it('refuses a 2xx answer that is not JSON with upstream_bad_response', async () => {
        server.handle(reply(200, '<html>proxy error</html>', { 'content-type': 'text/html' }));
        expect((await rejection(adapter.doGenerate(generateRequest, {}))).code).toBe('upstream_bad_response');
      });
    });

    describe('abort', () => {
      it('closes the upstream socket when the signal aborts mid-stream, and ends the stream with an error, never a finish', async () => {
        const serverSawClose = holdOpen(server, testCase.streamedText.contentType, testCase.streamHead);
        const controller = new AbortController();
        const { stream } = await adapter.doStream(streamRequest, { signal: controller.signal });
        const iterator = stream[Symbol.asyncIterator]();
        expect((await iterator.next()).value).toMatchObject({ type: 'stream-start' });
        controller.abort();
        const rest: StreamPart[] = [];
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
        await serverSawClose;
        // What was read before the abort may drain first; the tail is an error, and nothing finishes.
        expect(rest.length).toBeGreaterThan(0);
        expect(rest.at(-1)?.type).toBe('error');
        expect(rest.some((part) => part.type === 'finish')).toBe(false);
      });

      it('closes the upstream socket when the signal aborts before the answer, and rejects', async () => {
        let serverSawClose!: () => void;
        const closed = new Promise<void>((resolve) => (serverSawClose = resolve));
        server.handle((_request, response) => response.on('close', () => serverSawClose()));
        const controller = new AbortController();
        const pending = adapter.doGenerate(generateRequest, { signal: controller.signal });
        while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        controller.abort();
        const error = await rejection(pending);
        await closed;
        expect(error.code).toBe('upstream_timeout');
        expect(error.retryable).toBe(false);
      });

      it('closes the upstream socket when the consumer stops reading', async () => {
        const serverSawClose = holdOpen(server, testCase.streamedText.contentType, testCase.streamHead);
        const { stream } = await adapter.doStream(streamRequest, {});
        for await (const part of stream) if (part.type === 'text-delta') break;
        await serverSawClose;
      });
    });

    describe('socket close and truncation', () => {
      it('ends a stream whose connection drops mid-way with an upstream_connection error, never a finish', async () => {
        server.handle((_request, response) => {
          response.writeHead(200, { 'content-type': testCase.streamedText.contentType });
          response.write(testCase.streamHead, () => response.socket?.destroy());
        });
        const parts = await collect((await adapter.doStream(streamRequest, {})).stream);
        expect(parts[0]?.type).toBe('stream-start');
        expect(parts.some((part) => part.type === 'text-delta')).toBe(true);
        expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_connection', retryable: true } });
        expect(parts.some((part) => part.type === 'finish')).toBe(false);
      });

      it('rejects a whole answer whose connection drops before it is complete with upstream_connection', async () => {
        server.handle((_request, response) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.write(testCase.stalledAnswer, () => response.socket?.destroy());
        });
        expect((await rejection(adapter.doGenerate(generateRequest, {}))).code).toBe('upstream_connection');
      });

      it('rejects a call whose connection is refused with upstream_connection', async () => {
        server.handle((_request, _response, incoming) => incoming.socket.destroy());
        expect((await rejection(adapter.doGenerate(generateRequest, {}))).code).toBe('upstream_connection');
      });

      it('gives no finish for a stream that ends cleanly at the HTTP level but before the protocol says it is done', async () => {
        serve({ body: testCase.streamHead, contentType: testCase.streamedText.contentType });
        const parts = await collect((await adapter.doStream(streamRequest, {})).stream);
        expect(parts[0]?.type).toBe('stream-start');
        expect(textOf(parts)).not.toBe('');
        expect(parts.some((part) => part.type === 'finish')).toBe(false);
      });
    });

    describe('idleTimeoutMs', () => {
      it('ends a stream that falls silent for longer with an upstream_timeout error part', async () => {
        const stalling = testCase.create(server.origin, { idleTimeoutMs: 100 });
        const serverSawClose = holdOpen(server, testCase.streamedText.contentType, testCase.streamHead);
        const parts = await collect((await stalling.doStream(streamRequest, {})).stream);
        await serverSawClose;
        await stalling.close?.();
        expect(parts.some((part) => part.type === 'text-delta')).toBe(true);
        expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_timeout' } });
      });
    });
  });

  describeCallDeadline({
    create: (origin, timeoutMs) => testCase.create(origin, { timeoutMs }),
    request: testCase.request,
    stalledAnswer: testCase.stalledAnswer,
    streamedAnswer: testCase.streamedText,
  });
}

/** The text a stream's deltas add up to. */
function textOf(parts: readonly StreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
}
