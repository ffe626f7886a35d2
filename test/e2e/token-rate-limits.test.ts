import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimatedInputTokensOf } from '../../src/server/pipeline/estimated-input-tokens.ts';
import type { PipelineContext } from '../../src/server/pipeline/context.ts';
import type { ChatRequest } from '../../src/core/canonical/request.ts';
import { startEchoProvider } from '../helpers/echo-provider.ts';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

const prompt = 'What is the capital of France?';
const maxTokens = 100;
const tokensPerMinute = 2_000;

/** The input estimate the gateway reserves for `prompt` (the one the policies and the router use). */
function estimatedInput(): number {
  const request: ChatRequest = { model: 'x', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }] };
  return estimatedInputTokensOf({ request } as PipelineContext);
}

describe('tokens per minute are reserved before dispatch', () => {
  let harness: TestGateway;
  beforeAll(async () => {
    harness = await startTestGateway({
      providers: [
        simulatedProvider('sim-fast', 'openai-compatible', ['fast-model'], { simulated: { ttftMs: 0, tokensPerSecond: 0, outputTokens: 12, seed: 4 } }),
        simulatedProvider('sim-embed', 'openai-compatible', [
          { name: 'text-embedding-3-small', capabilities: { tools: false, vision: false, json: false, embeddings: true } },
        ]),
        simulatedProvider('sim-slow', 'openai-compatible', ['slow-model'], { simulated: { ttftMs: 0, tokensPerSecond: 5, outputTokens: 400, seed: 3 } }),
      ],
      config: { cache: { enabled: false } },
    });
  });
  afterAll(() => harness.close());

  async function keyWith(rateLimits: Record<string, number>, gateway: TestGateway = harness): Promise<string> {
    const response = await fetch(`${gateway.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `tpm-${Math.random()}`, tenant: `tenant-${Math.random().toString(36).slice(2)}`, rate_limits: rateLimits }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { secret: string }).secret;
  }

  function send(dialect: 'openai' | 'anthropic', secret: string, body: Record<string, unknown> = {}, signal?: AbortSignal, gateway: TestGateway = harness) {
    return fetch(`${gateway.url}${dialect === 'openai' ? '/v1/chat/completions' : '/v1/messages'}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(dialect === 'openai' ? { authorization: `Bearer ${secret}` } : { 'x-api-key': secret }) },
      body: JSON.stringify({
        model: 'fast-model',
        max_tokens: maxTokens,
        messages: [{ role: 'user', content: prompt }],
        ...body,
      }),
      ...(signal ? { signal } : {}),
    });
  }

  it('admits at most the limit by reserved worst case out of 200 parallel requests; the rest get 429 with retry-after in their dialect', async () => {
    // Every answer waits at the provider until all 200 requests were decided: no hold is settled before that.
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const echo = await startEchoProvider({ gate });
    const gated = await startTestGateway({ providers: [echo.entry('echo', 'sk-echo')], config: { cache: { enabled: false } } });
    try {
      const secret = await keyWith({ tokens_per_minute: tokensPerMinute }, gated);
      const worstCase = estimatedInput() + maxTokens;
      const fits = Math.floor(tokensPerMinute / worstCase);
      const dialects = Array.from({ length: 200 }, (_, index): 'openai' | 'anthropic' => (index % 2 === 0 ? 'openai' : 'anthropic'));
      let refusedSoFar = 0;
      const pending = dialects.map((dialect) =>
        send(dialect, secret, { model: 'echo' }, undefined, gated).then((response) => {
          if (response.status !== 200) refusedSoFar++;
          return response;
        }),
      );
      const deadline = Date.now() + 60_000;
      while (refusedSoFar + echo.received.length < dialects.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(echo.received.length).toBe(fits);
      open();
      const responses = await Promise.all(pending);
      const bodies = await Promise.all(responses.map((response) => response.json() as Promise<Record<string, unknown>>));
      expect(responses.filter((response) => response.status === 200).length).toBe(fits);
      responses.forEach((response, index) => {
        if (response.status === 200) return;
        const body = bodies[index]!;
        expect(response.status).toBe(429);
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        if (dialects[index] === 'openai') expect(body).toMatchObject({ error: { type: 'rate_limit_error', message: expect.stringMatching(/tokens per minute/) } });
        else expect(body).toMatchObject({ type: 'error', error: { type: 'rate_limit_error', message: expect.stringMatching(/tokens per minute/) } });
      });
      // Each answer used far less than its worst case: settled, the rest of the minute is free again at once.
      expect((await send('openai', secret, { model: 'echo' }, undefined, gated)).status).toBe(200);
    } finally {
      open();
      await gated.close();
      await echo.close();
    }
  });

  it('frees the hold of a request that failed before any answer', async () => {
    const secret = await keyWith({ tokens_per_minute: estimatedInput() + maxTokens });
    const fast = { model: 'fast-model' };
    harness.simulator('sim-fast').injectFault({ kind: 'server-error', times: 10 });
    try {
      expect((await send('openai', secret, fast)).status).toBe(502);
    } finally {
      harness.simulator('sim-fast').clearFaults();
    }
    expect((await send('openai', secret, fast)).status).toBe(200);
  });

  it('settles a stream the client abandoned to what it used, not its worst case', async () => {
    const secret = await keyWith({ tokens_per_minute: 1_000 });
    const controller = new AbortController();
    const abandoned = await send('openai', secret, { model: 'slow-model', stream: true, max_tokens: 900 }, controller.signal);
    expect(abandoned.status).toBe(200);
    const reader = abandoned.body!.getReader();
    await reader.read();
    // A second request of the same size does not fit while the first one holds 900 tokens.
    expect((await send('openai', secret, { model: 'slow-model', max_tokens: 900 })).status).toBe(429);
    controller.abort();
    await harness.simulator('sim-slow').waitForEvent((event) => event.type === 'client-closed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await send('openai', secret, { model: 'slow-model', stream: true, max_tokens: 900 });
    expect(after.status).toBe(200);
    await after.body?.cancel();
  });

  it('assumes the configured default output for a request without max_tokens, cut to what is left rather than refused', async () => {
    const secret = await keyWith({ tokens_per_minute: 1_000 });
    const unbounded = { model: 'fast-model', max_tokens: undefined };
    // The default 4,096 output tokens do not fit the limit: the first request holds what is left (all of it)...
    expect((await send('openai', secret, unbounded)).status).toBe(200);
    // ...and, settled to its actual use, leaves room for the next one, which again holds what is left.
    const second = await send('openai', secret, { ...unbounded, stream: true });
    expect(second.status).toBe(200);
    await second.text();
    const tooLarge = await send('openai', secret, { model: 'fast-model', max_tokens: 5_000 });
    expect(tooLarge.status).toBe(429);
    expect(tooLarge.headers.get('retry-after')).toBeNull();
  });

  it('holds embeddings input against tokens per minute too', async () => {
    const secret = await keyWith({ tokens_per_minute: 50 });
    const embed = (input: string) =>
      fetch(`${harness.url}/v1/embeddings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'text-embedding-3-small', input }),
      });
    const tooLarge = await embed('word '.repeat(80));
    expect(tooLarge.status).toBe(429);
    expect(((await tooLarge.json()) as { error: { message: string } }).error.message).toMatch(/limit is 50 tokens per minute/);
    const fits = await embed('word '.repeat(30));
    expect(fits.status).toBe(200);
    await fits.arrayBuffer();
  });
});
