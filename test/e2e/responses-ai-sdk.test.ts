import { createOpenAI } from '@ai-sdk/openai';
import { generateText, Output, stepCountIs, streamText, tool } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ledgerRows } from '../helpers/ledger-rows.ts';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

describe("the Vercel AI SDK's default OpenAI provider (Responses API) against the gateway", () => {
  let harness: TestGateway;
  let openai: ReturnType<typeof createOpenAI>;
  let sdk: OpenAI;

  beforeAll(async () => {
    harness = await startTestGateway();
    openai = createOpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey });
    sdk = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    for (const simulator of harness.gateway.simulators.values()) simulator.reset();
  });

  it('generateText: a stored response, accounted as the client was told', async () => {
    const result = await generateText({ model: openai('gpt-4o-mini'), prompt: 'Say hello' });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.finishReason).toBe('stop');
    expect(result.response.id).toMatch(/^resp_/);
    const stored = await sdk.responses.retrieve(result.response.id);
    expect(stored.output_text).toBe(result.text);
    const row = (await ledgerRows(harness)).at(-1);
    expect(row).toMatchObject({ dialect: 'openai-responses', provider: 'sim-openai', outcome: 'ok' });
    expect(row?.output_tokens).toBe(result.usage.outputTokens);
  });

  it('streamText through an Anthropic provider: the streamed text is the stored answer', async () => {
    const stream = streamText({ model: openai('claude-haiku-4-5'), prompt: 'Stream a sentence' });
    let text = '';
    for await (const delta of stream.textStream) text += delta;
    expect(await stream.finishReason).toBe('stop');
    expect(text.length).toBeGreaterThan(0);
    const stored = await sdk.responses.retrieve((await stream.response).id);
    expect(stored.output_text).toBe(text);
    expect(harness.simulator('sim-anthropic').received).toHaveLength(1);
  });

  it('runs a tool round trip: the tool executes, its result reaches the provider, the answer is text', async () => {
    const calls: string[] = [];
    const result = await generateText({
      model: openai('gemini-2.5-flash'),
      prompt: 'Weather in Paris?',
      tools: {
        weather: tool({
          description: 'Current weather for a city',
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => {
            calls.push(city);
            return { city, temperature: 21 };
          },
        }),
      },
      stopWhen: stepCountIs(3),
    });
    expect(result.steps.map((step) => step.finishReason)).toEqual(['tool-calls', 'stop']);
    expect(calls).toHaveLength(1);
    expect(result.text.length).toBeGreaterThan(0);
    const [first, second] = harness.simulator('sim-gemini').received;
    expect(JSON.stringify(first?.body)).toContain('"functionDeclarations"');
    expect(JSON.stringify(second?.body)).toContain('"functionResponse"');
    expect(JSON.stringify(second?.body)).toContain('temperature\\":21');
  });

  it('returns structured output that follows the schema', async () => {
    const result = await generateText({
      model: openai('gpt-4o-mini'),
      prompt: 'A city and its population',
      output: Output.object({ schema: z.object({ name: z.string(), population: z.number() }) }),
    });
    expect(typeof result.output.name).toBe('string');
    expect(typeof result.output.population).toBe('number');
    const sent = harness.simulator('sim-openai').received[0]?.body as { response_format?: { type: string; json_schema?: { strict?: boolean } } };
    expect(sent.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: true } });
  });
});
