import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allDialects, chatRequestFor } from './dialect-requests.ts';
import { startSimulator, type Dialect, type FaultKind, type Simulator } from './simulator.ts';
import { postJson, readChunks, readNdjsonLines, readSseEvents } from './test-support.ts';

/** The dialect's error type: OpenAI/Anthropic `error.type`, Gemini `error.status`, Ollama's `error` string. */
function errorTypeOf(dialect: Dialect, body: unknown): string {
  const record = body as { error: unknown };
  if (dialect === 'ollama') return typeof record.error === 'string' ? 'string' : 'not-a-string';
  const error = record.error as { type?: string; status?: string };
  if (dialect === 'anthropic') expect((body as { type: string }).type).toBe('error');
  return (dialect === 'gemini' ? error.status : error.type) ?? '';
}

const statusFaults: Array<[FaultKind, Record<Dialect, [number, string]>]> = [
  ['rate-limit', { openai: [429, 'requests'], anthropic: [429, 'rate_limit_error'], gemini: [429, 'RESOURCE_EXHAUSTED'], ollama: [429, 'string'] }],
  ['server-error', { openai: [500, 'server_error'], anthropic: [500, 'api_error'], gemini: [500, 'INTERNAL'], ollama: [500, 'string'] }],
  ['unavailable', { openai: [503, 'server_error'], anthropic: [503, 'api_error'], gemini: [503, 'UNAVAILABLE'], ollama: [503, 'string'] }],
  ['overloaded', { openai: [503, 'server_error'], anthropic: [529, 'overloaded_error'], gemini: [503, 'UNAVAILABLE'], ollama: [503, 'string'] }],
];

const statusCases = statusFaults.flatMap(([kind, expected]) => allDialects.map((dialect) => [kind, dialect, ...expected[dialect]] as const));

/** Content chunks and whether the terminator arrived, per dialect, from a streamed body's text. */
async function readStream(dialect: Dialect, response: Response): Promise<{ contents: number; terminated: boolean; lastPayload: string }> {
  if (dialect === 'ollama') {
    const lines = await readNdjsonLines(response);
    const parsed = lines.map((line) => JSON.parse(line) as { done: boolean });
    return { contents: parsed.filter((line) => !line.done).length, terminated: parsed.some((line) => line.done), lastPayload: lines.at(-1) ?? '' };
  }
  const events = await readSseEvents(response);
  const payloads = events.map((event) => event.data);
  if (dialect === 'openai') {
    const chunks = payloads.filter((data) => data !== '[DONE]').map((data) => JSON.parse(data) as { choices: Array<{ delta: { content?: string | null } }> });
    return { contents: chunks.filter((chunk) => chunk.choices[0]?.delta.content).length, terminated: payloads.includes('[DONE]'), lastPayload: payloads.at(-1) ?? '' };
  }
  if (dialect === 'anthropic') {
    return { contents: events.filter((event) => event.event === 'content_block_delta').length, terminated: events.some((event) => event.event === 'message_stop'), lastPayload: payloads.at(-1) ?? '' };
  }
  return { contents: payloads.filter((data) => !data.includes('finishReason')).length, terminated: payloads.some((data) => data.includes('finishReason')), lastPayload: payloads.at(-1) ?? '' };
}

describe('simulator: faults', () => {
  let sim: Simulator;
  const chat = (dialect: Dialect, stream: boolean, signal?: AbortSignal) => {
    const { path, body } = chatRequestFor(dialect, 'fault-sim', stream);
    return postJson(`${sim.url}${path}`, body, {}, signal);
  };

  beforeAll(async () => {
    sim = await startSimulator({ models: [{ name: 'fault-sim', outputTokens: 8 }, { name: 'other-sim', outputTokens: 8 }] });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it.each(statusCases)('%s in %s answers %i with error type %s', async (kind, dialect, status, type) => {
    sim.injectFault({ kind, times: 1, retryAfterSeconds: 7 });
    const response = await chat(dialect, false);
    expect(response.status).toBe(status);
    expect(errorTypeOf(dialect, await response.json())).toBe(type);
    if (kind === 'rate-limit') expect(response.headers.get('retry-after')).toBe('7');
    const id = sim.received[0]?.id ?? 0;
    expect(sim.events.filter((event) => event.requestId === id).map((event) => [event.type, event.detail])).toEqual([['request', undefined], ['fault', kind]]);
    // Used up: the next request is answered.
    expect((await chat(dialect, false)).status).toBe(200);
  });

  it('surfaces 529 overloaded_error to the Anthropic SDK as an APIError with status 529', async () => {
    sim.injectFault({ kind: 'overloaded', dialect: 'anthropic', times: 1 });
    const client = new Anthropic({ apiKey: 'k', baseURL: sim.url, maxRetries: 0 });
    const failure = await client.messages.create({ model: 'fault-sim', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect((failure as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((failure as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ error: { type: 'overloaded_error' } });
  });

  it('surfaces a rate limit to the OpenAI SDK as RateLimitError with retry-after', async () => {
    sim.injectFault({ kind: 'rate-limit', dialect: 'openai', retryAfterSeconds: 2, times: 1 });
    const client = new OpenAI({ apiKey: 'k', baseURL: `${sim.url}/v1`, maxRetries: 0 });
    const failure = await client.chat.completions.create({ model: 'fault-sim', messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
    expect((failure as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('2');
  });

  it('applies a fault only to its model and dialect, and until cleared when times is absent', async () => {
    sim.injectFault({ kind: 'server-error', model: 'other-sim' });
    sim.injectFault({ kind: 'unavailable', dialect: 'gemini' });
    expect((await chat('openai', false)).status).toBe(200);
    expect((await chat('gemini', false)).status).toBe(503);
    expect((await chat('gemini', false)).status).toBe(503);
    const other = chatRequestFor('ollama', 'other-sim', false);
    expect((await postJson(`${sim.url}${other.path}`, other.body)).status).toBe(500);
    sim.clearFaults();
    expect((await chat('gemini', false)).status).toBe(200);
  });

  it('applies faults to embeddings too', async () => {
    sim.injectFault({ kind: 'rate-limit', dialect: 'openai', times: 1 });
    expect((await postJson(`${sim.url}/v1/embeddings`, { model: 'fault-sim', input: 'x' })).status).toBe(429);
  });

  it('timeout: accepts the request and never answers; the client giving up is a client-closed event', async () => {
    sim.injectFault({ kind: 'timeout', times: 1 });
    const failure = await chat('openai', false, AbortSignal.timeout(150)).catch((error: unknown) => error);
    expect((failure as Error).name).toMatch(/TimeoutError|AbortError/);
    const id = sim.received[0]?.id;
    await sim.waitForEvent((event) => event.type === 'client-closed' && event.requestId === id, 1000);
    expect(sim.events.some((event) => event.type === 'fault' && event.detail === 'timeout')).toBe(true);
  });

  it.each(allDialects)('connection-reset in %s: the socket closes without a response', async (dialect) => {
    sim.injectFault({ kind: 'connection-reset', times: 1 });
    await expect(chat(dialect, true)).rejects.toThrow();
    const id = sim.received[0]?.id;
    expect(sim.events.filter((event) => event.requestId === id).map((event) => event.type)).toEqual(['request', 'fault']);
  });

  it.each(allDialects)('stream-cut in %s: afterChunks content chunks, then the end without the terminator', async (dialect) => {
    sim.injectFault({ kind: 'stream-cut', afterChunks: 3, times: 1 });
    const cut = await readStream(dialect, await chat(dialect, true));
    expect(cut).toMatchObject({ contents: 3, terminated: false });
    const whole = await readStream(dialect, await chat(dialect, true));
    expect(whole).toMatchObject({ contents: 8, terminated: true });
    expect(sim.events.filter((event) => event.type === 'fault').map((event) => event.detail)).toEqual(['stream-cut']);
  });

  it('stream-cut with afterChunks 0 ends before any content', async () => {
    sim.injectFault({ kind: 'stream-cut', afterChunks: 0, times: 1 });
    const events = await readSseEvents(await chat('anthropic', true));
    expect(events.map((event) => event.event)).toEqual(['message_start', 'content_block_start', 'ping']);
  });

  it.each(allDialects)('malformed-chunk in %s: two content chunks, then a chunk that is not JSON', async (dialect) => {
    sim.injectFault({ kind: 'malformed-chunk', times: 1 });
    const response = await chat(dialect, true);
    if (dialect === 'ollama') {
      const lines = await readNdjsonLines(response);
      expect(lines).toHaveLength(3);
      expect(() => JSON.parse(lines.at(-1) ?? '')).toThrow();
      return;
    }
    const events = await readSseEvents(response);
    const payloads = events.map((event) => event.data);
    expect(() => JSON.parse(payloads.at(-1) ?? '')).toThrow();
    expect(payloads.slice(0, -1).every((data) => JSON.parse(data) !== undefined)).toBe(true);
  });

  it('stream faults on a non-streamed answer give a body that is not valid JSON', async () => {
    sim.injectFault({ kind: 'stream-cut', times: 1 });
    sim.injectFault({ kind: 'malformed-chunk', times: 1 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await chat('openai', false);
      expect(response.status).toBe(200);
      const text = (await readChunks(response)).join('');
      expect(() => JSON.parse(text)).toThrow();
    }
  });

  it('takes faults through the control API', async () => {
    const created = await postJson(`${sim.url}/_sim/faults`, { kind: 'rate-limit', dialect: 'ollama', times: 1 });
    expect(created.status).toBe(201);
    expect(await (await fetch(`${sim.url}/_sim/faults`)).json()).toEqual([{ kind: 'rate-limit', dialect: 'ollama', times: 1 }]);
    expect((await chat('ollama', false)).status).toBe(429);
    await postJson(`${sim.url}/_sim/faults`, { kind: 'server-error' });
    expect((await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' })).status).toBe(204);
    expect((await chat('ollama', false)).status).toBe(200);
    const invalid = await postJson(`${sim.url}/_sim/faults`, { kind: 'meteor-strike' });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: string }).error).toMatch(/kind/);
  });
});
