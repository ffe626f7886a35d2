import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimatedInputTokensOf } from '../../src/server/stages/route.ts';
import type { PipelineContext } from '../../src/server/pipeline/context.ts';
import type { ChatRequest } from '../../src/core/canonical/request.ts';
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
        // Answers take a while, so every request of a burst is in flight before the first one completes.
        simulatedProvider('sim-openai', 'openai-compatible', ['gpt-4o-mini'], { simulated: { ttftMs: 4_000, tokensPerSecond: 0, outputTokens: 12, seed: 1 } }),
        simulatedProvider('sim-anthropic', 'anthropic', ['claude-haiku-4-5'], { simulated: { ttftMs: 4_000, tokensPerSecond: 0, outputTokens: 12, seed: 2 } }),
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

  async function keyWith(rateLimits: Record<string, number>): Promise<string> {
    const response = await fetch(`${harness.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `tpm-${Math.random()}`, tenant: `tenant-${Math.random().toString(36).slice(2)}`, rate_limits: rateLimits }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { secret: string }).secret;
  }

  function send(dialect: 'openai' | 'anthropic', secret: string, body: Record<string, unknown> = {}, signal?: AbortSignal) {
    return fetch(`${harness.url}${dialect === 'openai' ? '/v1/chat/completions' : '/v1/messages'}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(dialect === 'openai' ? { authorization: `Bearer ${secret}` } : { 'x-api-key': secret }) },
      body: JSON.stringify({
        model: dialect === 'openai' ? 'gpt-4o-mini' : 'claude-haiku-4-5',
        max_tokens: maxTokens,
        messages: [{ role: 'user', content: prompt }],
        ...body,
      }),
      ...(signal ? { signal } : {}),
    });
  }

  it('admits at most the limit by reserved worst case out of 200 parallel requests; the rest get 429 with retry-after in their dialect', async () => {
    const secret = await keyWith({ tokens_per_minute: tokensPerMinute });
    const worstCase = estimatedInput() + maxTokens;
    const fits = Math.floor(tokensPerMinute / worstCase);
    // Sent together: every request is decided before any answer completes (4 s to the first token).
    const dialects = Array.from({ length: 200 }, (_, index): 'openai' | 'anthropic' => (index % 2 === 0 ? 'openai' : 'anthropic'));
    const answeredAt: number[] = [];
    const responses = await Promise.all(
      dialects.map((dialect, index) =>
        send(dialect, secret).then((response) => {
          answeredAt[index] = Date.now();
          return response;
        }),
      ),
    );
    const bodies = await Promise.all(responses.map((response) => response.json() as Promise<Record<string, unknown>>));
    const admitted = responses.filter((response) => response.status === 200);
    const firstAnswer = Math.min(...answeredAt.filter((_, index) => responses[index]!.status === 200));
    const lastRefusal = Math.max(...answeredAt.filter((_, index) => responses[index]!.status !== 200));
    expect(lastRefusal, 'every refusal came before the first answer, so no hold had been settled').toBeLessThan(firstAnswer);
    expect(admitted.length).toBe(fits);
    let actualTokens = 0;
    responses.forEach((response, index) => {
      const body = bodies[index]!;
      if (response.status === 200) {
        const usage = body.usage as Record<string, number>;
        actualTokens += dialects[index] === 'openai' ? usage.total_tokens! : usage.input_tokens! + usage.output_tokens!;
        return;
      }
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      if (dialects[index] === 'openai') expect(body).toMatchObject({ error: { type: 'rate_limit_error', message: expect.stringMatching(/tokens per minute/) } });
      else expect(body).toMatchObject({ type: 'error', error: { type: 'rate_limit_error', message: expect.stringMatching(/tokens per minute/) } });
    });
    expect(actualTokens).toBeLessThanOrEqual(tokensPerMinute);
    // Each answer used far less than its worst case: settled, the rest of the minute is free again at once.
    expect((await send('openai', secret)).status).toBe(200);
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
