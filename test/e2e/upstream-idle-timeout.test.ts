import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

// undici checks the idle limit about once a second, so the stalling provider falls silent for 2.5 s between chunks
// (0.4 tokens a second) against a limit of 250 ms; the steady one talks every 100 ms for 1.5 s in all.
const stalling = { ttftMs: 0, tokensPerSecond: 0.4, outputTokens: 3, seed: 5 };
const steady = { ttftMs: 0, tokensPerSecond: 10, outputTokens: 15, seed: 5 };

describe('server.upstreamIdleTimeoutMs', () => {
  let harness: TestGateway;
  beforeAll(async () => {
    harness = await startTestGateway({
      providers: [
        simulatedProvider('stalling-openai', 'openai-compatible', ['stalling-gpt'], { simulated: stalling }),
        simulatedProvider('stalling-anthropic', 'anthropic', ['stalling-claude'], { simulated: stalling }),
        simulatedProvider('steady-openai', 'openai-compatible', ['steady-gpt'], { simulated: steady }),
      ],
      config: { server: { upstreamIdleTimeoutMs: 250 } },
    });
  });
  afterAll(() => harness.close());

  async function streamText(model: string): Promise<string> {
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'Tell me something.' }] }),
    });
    expect(response.status).toBe(200);
    return response.text();
  }

  it.each([
    ['relayed as bytes (same dialect)', 'stalling-gpt'],
    ['translated (Anthropic provider, OpenAI client)', 'stalling-claude'],
  ])('ends a stream whose provider falls silent for longer with an error event, never a clean end: %s', async (_path, model) => {
    const text = await streamText(model);
    expect(text).toContain('"error"');
    expect(text).toMatch(/timeout/i);
    expect(text).not.toContain('data: [DONE]');
  });

  it('lets a stream that keeps talking run longer in all than the limit', async () => {
    const text = await streamText('steady-gpt');
    expect(text).not.toContain('"error"');
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });
});
