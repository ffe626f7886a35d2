import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allDialects, chatRequestFor } from './dialect-requests.ts';
import { startSimulator, type Simulator } from './simulator.ts';
import { createManualClock, postJson, readChunks, readSseEvents } from './test-support.ts';

async function openaiText(sim: Simulator, model: string, content: string): Promise<string> {
  const response = await postJson(`${sim.url}/v1/chat/completions`, { model, messages: [{ role: 'user', content }] });
  const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
  return body.choices[0]?.message.content ?? '';
}

describe('simulator: behaviour', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({
      models: [
        { name: 'seeded', seed: 7 },
      ],
      defaultModel: { outputTokens: 5 },
    });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  describe('determinism', () => {
    it('answers the same request with the same text, and differently for another seed, model or message', async () => {
      const first = await openaiText(sim, 'seeded', 'What is the weather?');
      expect(await openaiText(sim, 'seeded', 'What is the weather?')).toBe(first);
      expect(first.split(' ')).toHaveLength(24);
      expect(await openaiText(sim, 'seeded', 'Something else')).not.toBe(first);
      sim.setModel({ name: 'seeded', seed: 8 });
      expect(await openaiText(sim, 'seeded', 'What is the weather?')).not.toBe(first);
      sim.setModel({ name: 'seeded', seed: 7 });
      expect(await openaiText(sim, 'seeded', 'What is the weather?')).toBe(first);
    });

    it('gives the same text in a fresh simulator', async () => {
      const other = await startSimulator({ models: [{ name: 'seeded', seed: 7 }] });
      try {
        expect(await openaiText(other, 'seeded', 'Same everywhere')).toBe(await openaiText(sim, 'seeded', 'Same everywhere'));
      } finally {
        await other.close();
      }
    });

    it('uses defaultModel behaviour for unknown model names', async () => {
      expect((await openaiText(sim, 'anything-goes', 'x')).split(' ')).toHaveLength(5);
    });
  });

  describe('pacing (on an injected clock)', () => {
    const clock = createManualClock('passing');
    let paced: Simulator;
    beforeAll(async () => {
      paced = await startSimulator({ models: [{ name: 'paced', ttftMs: 80, tokensPerSecond: 100, outputTokens: 10 }], clock });
    });
    afterAll(() => paced.close());
    beforeEach(() => {
      clock.waits.length = 0;
    });

    it.each(allDialects)('waits ttftMs before the first token and 1/tokensPerSecond before each further one (%s stream)', async (dialect) => {
      const { path, body } = chatRequestFor(dialect, 'paced', true);
      const chunks = await readChunks(await postJson(`${paced.url}${path}`, body));
      expect(chunks.join('')).not.toBe('');
      // 10 words: the time to first token, then 9 steps of 10 ms (100 tokens a second).
      expect(clock.waits).toEqual([80, ...Array.from({ length: 9 }, () => 10)]);
    });

    it('delays a non-streamed answer by ttft plus the generation time of the words after the first', async () => {
      expect((await openaiText(paced, 'paced', 'x')).split(' ')).toHaveLength(10);
      expect(clock.waits).toEqual([80, 90]);
    });

    it('stamps requests and events with the clock', async () => {
      await openaiText(paced, 'paced', 'x');
      const id = paced.received.at(-1)?.id;
      expect(paced.received.at(-1)?.at).toBe(clock.now());
      expect((await paced.waitForEvent((event) => event.type === 'completed' && event.requestId === id)).at).toBe(clock.now());
    });
  });

  // Every pacing wait is held until the client goes away, so an event proves the close cut the stream short.
  describe('cancellation (pacing held on an injected clock)', () => {
    const clock = createManualClock('holding');
    let slow: Simulator;
    beforeAll(async () => {
      slow = await startSimulator({ models: [{ name: 'slow', tokensPerSecond: 50, outputTokens: 200 }], clock });
    });
    afterAll(() => slow.close());
    beforeEach(() => slow.reset());

    it.each(allDialects)('emits client-closed, and releases the pacing wait, when a %s client aborts a slow stream', async (dialect) => {
      const controller = new AbortController();
      const { path, body } = chatRequestFor(dialect, 'slow', true);
      const response = await postJson(`${slow.url}${path}`, body, {}, controller.signal);
      const reader = response.body?.getReader();
      await reader?.read();
      const id = slow.received[0]?.id;
      const releasedBefore = clock.released;
      controller.abort();
      await slow.waitForEvent((candidate) => candidate.type === 'client-closed' && candidate.requestId === id);
      await expect.poll(() => clock.released).toBe(releasedBefore + 1);
      expect(slow.events.some((candidate) => candidate.type === 'completed' && candidate.requestId === id)).toBe(false);
    });

    it('emits client-closed when the Anthropic SDK aborts its stream', async () => {
      const client = new Anthropic({ apiKey: 'k', baseURL: slow.url, maxRetries: 0 });
      const stream = client.messages.stream({ model: 'slow', max_tokens: 1000, messages: [{ role: 'user', content: 'x' }] });
      const done = stream.done().catch((error: unknown) => error);
      await new Promise<void>((resolve) => stream.on('text', () => resolve()));
      stream.abort();
      await slow.waitForEvent((candidate) => candidate.type === 'client-closed');
      expect(await done).toBeInstanceOf(Anthropic.APIUserAbortError);
    });
  });

  describe('completion', () => {
    it('emits completed, not client-closed, when a stream is read to the end', async () => {
      const response = await postJson(`${sim.url}/v1/messages`, { model: 'seeded', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'x' }] });
      await readSseEvents(response);
      const id = sim.received[0]?.id;
      const completed = await sim.waitForEvent((event) => event.type === 'completed' && event.requestId === id, 1000);
      expect(completed.detail).toBe('200');
      expect(sim.events.some((event) => event.type === 'client-closed')).toBe(false);
    });
  });

  describe('recording', () => {
    it('records each request with lower-case headers, unredacted, its body, model, stream flag and query', async () => {
      await postJson(`${sim.url}/v1/chat/completions`, { model: 'seeded', stream: false, messages: [{ role: 'user', content: 'hi' }] }, { Authorization: 'Bearer sk-secret-visible', 'X-Custom-Header': 'Yes' });
      await postJson(`${sim.url}/v1beta/models/seeded:streamGenerateContent?alt=sse&key=gk`, { contents: [{ parts: [{ text: 'hi' }] }] });
      const [openai, gemini] = sim.received;
      expect(openai).toMatchObject({
        dialect: 'openai',
        method: 'POST',
        path: '/v1/chat/completions',
        model: 'seeded',
        stream: false,
        body: { model: 'seeded', stream: false, messages: [{ role: 'user', content: 'hi' }] },
        headers: expect.objectContaining({ authorization: 'Bearer sk-secret-visible', 'x-custom-header': 'Yes' }),
      });
      expect(gemini).toMatchObject({ dialect: 'gemini', path: '/v1beta/models/seeded:streamGenerateContent', query: { alt: 'sse', key: 'gk' }, model: 'seeded', stream: true });
      expect(gemini?.id).toBeGreaterThan(openai?.id ?? Infinity);
      const overHttp = (await (await fetch(`${sim.url}/_sim/received`)).json()) as Array<{ id: number }>;
      expect(overHttp.map((request) => request.id)).toEqual([openai?.id, gemini?.id]);
    });

    it('records a body that is not JSON as text and answers 400', async () => {
      const response = await fetch(`${sim.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
      expect(response.status).toBe(400);
      expect(sim.received[0]?.body).toBe('{not json');
    });

    it('reset clears received, events and faults', async () => {
      sim.injectFault({ kind: 'server-error' });
      expect((await postJson(`${sim.url}/v1/chat/completions`, { model: 'seeded', messages: [{ role: 'user', content: 'x' }] })).status).toBe(500);
      sim.reset();
      expect(sim.received).toHaveLength(0);
      expect(sim.events).toHaveLength(0);
      expect((await postJson(`${sim.url}/v1/chat/completions`, { model: 'seeded', messages: [{ role: 'user', content: 'x' }] })).status).toBe(200);
    });

    it('waitForEvent resolves with an event already recorded and rejects after its timeout', async () => {
      await openaiText(sim, 'seeded', 'x');
      await expect(sim.waitForEvent((event) => event.type === 'request', 10)).resolves.toMatchObject({ type: 'request' });
      await expect(sim.waitForEvent((event) => event.type === 'fault', 20)).rejects.toThrow(/20 ms/);
    });
  });

  it('answers unknown paths with 404 in the dialect the prefix suggests', async () => {
    const openai = await fetch(`${sim.url}/v1/nothing`);
    expect(openai.status).toBe(404);
    expect(await openai.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    const ollama = await fetch(`${sim.url}/api/nothing`);
    expect(await ollama.json()).toEqual({ error: expect.any(String) });
  });

  it('sets models at run time through the control API', async () => {
    expect((await postJson(`${sim.url}/_sim/models`, { name: 'tiny', outputTokens: 2 })).status).toBe(200);
    expect((await openaiText(sim, 'tiny', 'x')).split(' ')).toHaveLength(2);
    expect((await postJson(`${sim.url}/_sim/models`, { name: 'bad', outputTokens: -1 })).status).toBe(400);
  });
});

describe('simulator: strict models', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ models: [{ name: 'known' }], strictModels: true });
  });
  afterAll(() => sim.close());

  it.each(allDialects)('answers an unknown model with the %s 404 shape', async (dialect) => {
    const { path, body } = chatRequestFor(dialect, 'unknown-model', false);
    const response = await postJson(`${sim.url}${path}`, body);
    expect(response.status).toBe(404);
    const error = (await response.json()) as { error: unknown };
    expect(JSON.stringify(error)).toContain('unknown-model');
    const known = chatRequestFor(dialect, 'known', false);
    expect((await postJson(`${sim.url}${known.path}`, known.body)).status).toBe(200);
  });
});

describe('simulator: close', () => {
  it('closes with requests left hanging (a timeout fault, a held pacing wait), and the clients see the connection end', async () => {
    const clock = createManualClock('holding');
    const sim = await startSimulator({ models: [{ name: 'slow', ttftMs: 50 }], clock });
    sim.injectFault({ kind: 'timeout', times: 1 });
    const pending = postJson(`${sim.url}/api/chat`, { model: 'm', messages: [] }).catch((error: unknown) => error);
    await sim.waitForEvent((event) => event.type === 'fault');
    const held = postJson(`${sim.url}/api/chat`, { model: 'slow', messages: [] }).catch((error: unknown) => error);
    await expect.poll(() => clock.waits).toEqual([50]);
    // Neither request can end by itself (no time passes): closing must not wait for them.
    await sim.close();
    expect(await held).toBeInstanceOf(Error);
    expect(await pending).toBeInstanceOf(Error);
    expect(sim.events.some((event) => event.type === 'client-closed')).toBe(false);
  });

  it('binds 127.0.0.1 on a free port by default', async () => {
    const sim = await startSimulator();
    try {
      expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
      expect(sim.port).toBeGreaterThan(0);
    } finally {
      await sim.close();
    }
  });
});
