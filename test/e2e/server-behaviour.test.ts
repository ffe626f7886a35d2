import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

const slow = { ttftMs: 5, tokensPerSecond: 40, outputTokens: 400, seed: 3 };

describe('server behaviour', () => {
  let harness: TestGateway;
  beforeAll(async () => {
    harness = await startTestGateway({
      providers: [
        simulatedProvider('slow-openai', 'openai-compatible', ['slow-gpt'], { simulated: slow }),
        simulatedProvider('slow-anthropic', 'anthropic', ['slow-claude'], { simulated: slow }),
        simulatedProvider('slow-gemini', 'gemini', ['slow-gemini'], { simulated: slow }),
        simulatedProvider('slow-ollama', 'ollama', ['slow-llama'], { simulated: slow }),
        simulatedProvider('primary', 'openai-compatible', ['shared-model'], { models: [{ name: 'shared-model', price: { input: 1, output: 1 } }] }),
        simulatedProvider('secondary', 'anthropic', ['shared-model'], { models: [{ name: 'shared-model', price: { input: 5, output: 5 } }] }),
      ],
      config: { server: { upstreamTimeoutMs: 400 } },
    });
  });
  afterAll(() => harness.close());

  const post = (path: string, body: unknown, signal?: AbortSignal) =>
    fetch(`${harness.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${harness.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('echoes a client request id that is a UUID (in lower case) and replaces anything else', async () => {
    const send = (requestId: string) =>
      fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json', 'x-request-id': requestId },
        body: JSON.stringify({ model: 'shared-model', messages: [{ role: 'user', content: 'x' }] }),
      });
    const ok = await send('3F2504E0-4F89-41D3-9A0C-0305E82C3301');
    expect(ok.headers.get('x-request-id')).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
    for (const unsafe of ['bad id <script>', 'client-123', 'anna.schmidt@example.de', 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD', '3f2504e0-4f89-41d3-9a0c-0305e82c3301x']) {
      expect((await send(unsafe)).headers.get('x-request-id')).toMatch(/^req_[0-9a-z]+$/);
    }
  });

  it('explains a decision to its own tenant, and nothing to an unauthenticated caller or for an unknown id', async () => {
    const response = await post('/v1/chat/completions', { model: 'shared-model', messages: [{ role: 'user', content: 'x' }] });
    const id = response.headers.get('x-sovereign-decision');
    expect(id).toBeTruthy();
    const decision = await (await fetch(`${harness.url}/v1/decisions/${id}`, { headers: { authorization: `Bearer ${harness.apiKey}` } })).json();
    expect(decision).toMatchObject({ id, requested_model: 'shared-model', strategy: 'cheapest' });
    expect(decision.candidates.map((candidate: { provider: string }) => candidate.provider)).toEqual(['primary', 'secondary']);
    expect(decision.attempts[0]).toMatchObject({ providerId: 'primary', outcome: 'ok' });
    const stranger = await fetch(`${harness.url}/v1/decisions/${id}`, { headers: { authorization: 'Bearer nope' } });
    expect(stranger.status).toBe(401);
    const unknown = await fetch(`${harness.url}/v1/decisions/dec_unknown`, { headers: { authorization: `Bearer ${harness.apiKey}` } });
    expect(unknown.status).toBe(404);
  });

  it('falls back to the next candidate when the first is unavailable, in another dialect', async () => {
    harness.simulator('primary').injectFault({ kind: 'unavailable', times: 1 });
    const response = await post('/v1/chat/completions', { model: 'shared-model', messages: [{ role: 'user', content: 'x' }] });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-sovereign-provider')).toBe('secondary');
    expect((await response.json()).object).toBe('chat.completion');
  });

  it('answers 504 when the provider does not answer in time', async () => {
    harness.simulator('slow-openai').injectFault({ kind: 'timeout', times: 1 });
    const response = await post('/v1/chat/completions', { model: 'slow-gpt', messages: [{ role: 'user', content: 'x' }] });
    // The fault never answers: a 504 at all is the gateway's own timeout (upstreamTimeoutMs), not the provider's.
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ error: { code: 'upstream_timeout' } });
  });

  it.each([
    ['openai', '/v1/chat/completions', 'slow-openai', { model: 'slow-gpt', stream: true, messages: [{ role: 'user', content: 'x' }] }],
    ['anthropic', '/v1/messages', 'slow-anthropic', { model: 'slow-claude', max_tokens: 1000, stream: true, messages: [{ role: 'user', content: 'x' }] }],
    ['gemini (translated)', '/v1/chat/completions', 'slow-gemini', { model: 'slow-gemini', stream: true, messages: [{ role: 'user', content: 'x' }] }],
    ['ollama (translated)', '/v1/messages', 'slow-ollama', { model: 'slow-llama', max_tokens: 1000, stream: true, messages: [{ role: 'user', content: 'x' }] }],
  ])('closes the upstream connection when the client disconnects, long before the stream would end: %s', async (_name, path, providerId, body) => {
    const simulator = harness.simulator(providerId);
    simulator.reset();
    const controller = new AbortController();
    const response = await post(path, body, controller.signal);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await reader.read();
    await reader.read();
    const closed = simulator.waitForEvent((event) => event.type === 'client-closed', 5_000);
    controller.abort();
    await closed;
    // The stream needs about ten seconds (400 tokens at 40 per second): it was cut, not run out. How fast the
    // close propagates is a figure for the bench, not a bound here.
    expect(simulator.events.filter((event) => event.type === 'completed')).toEqual([]);
  });

  it('drains an in-flight stream on shutdown, then refuses new connections', async () => {
    const own = await startTestGateway({
      providers: [simulatedProvider('drain', 'openai-compatible', ['m'], { simulated: { ttftMs: 0, tokensPerSecond: 200, outputTokens: 60, seed: 1 } })],
    });
    const response = await fetch(`${own.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${own.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    const shutdown = own.gateway.shutdown(5_000);
    const text = await response.text();
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    await shutdown;
    await expect(fetch(`${own.url}/healthz`)).rejects.toThrow();
    await own.close();
  });

  it('answers over a raw HTTP/1.1 connection with keep-alive: the second request reuses the socket', async () => {
    const body = JSON.stringify({ model: 'shared-model', messages: [{ role: 'user', content: 'x' }] });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = () =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const request = httpRequest(
          `${harness.url}/v1/chat/completions`,
          { method: 'POST', agent, headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
          (response) => {
            response.resume();
            response.on('end', () => resolve({ status: response.statusCode ?? 0, reused: request.reusedSocket }));
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    try {
      expect(await send()).toEqual({ status: 200, reused: false });
      expect(await send()).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  });
});
