import { HumanMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ledgerRows } from '../helpers/ledger-rows.ts';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

/** The text of a LangChain message's content (Responses API content comes as blocks). */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return (content as Array<{ type: string; text?: string }>).map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('');
}

describe('LangChain ChatOpenAI with useResponsesApi against the gateway', () => {
  let harness: TestGateway;
  const model = (name: string) =>
    new ChatOpenAI({ model: name, useResponsesApi: true, apiKey: harness.apiKey, configuration: { baseURL: `${harness.url}/v1` }, maxRetries: 0 });

  beforeAll(async () => {
    harness = await startTestGateway();
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    for (const simulator of harness.gateway.simulators.values()) simulator.reset();
  });

  it('invokes, with usage as the ledger accounted it', async () => {
    const message = await model('claude-haiku-4-5').invoke('Say hello');
    expect(textOf(message.content).length).toBeGreaterThan(0);
    expect(message.response_metadata.id).toMatch(/^resp_/);
    const row = (await ledgerRows(harness)).at(-1);
    expect(row).toMatchObject({ dialect: 'openai-responses', provider: 'sim-anthropic', outcome: 'ok' });
    expect(message.usage_metadata?.output_tokens).toBe(row?.output_tokens);
  });

  it('streams the same text it would have answered whole', async () => {
    const whole = textOf((await model('gpt-4o-mini').invoke('Stream it')).content);
    let streamed = '';
    for await (const chunk of await model('gpt-4o-mini').stream('Stream it')) streamed += textOf(chunk.content);
    expect(streamed).toBe(whole);
  });

  it('binds a tool, runs it, and answers from its result', async () => {
    const weather = tool(async ({ city }) => JSON.stringify({ city, temperature: 21 }), {
      name: 'get_weather',
      description: 'Current weather for a city',
      schema: z.object({ city: z.string() }),
    });
    const withTools = model('qwen2.5:7b').bindTools([weather]);
    const question = new HumanMessage('Weather in Paris?');
    const asked = await withTools.invoke([question]);
    expect(asked.tool_calls?.[0]?.name).toBe('get_weather');
    const result = await weather.invoke(asked.tool_calls![0]!);
    const answer = await withTools.invoke([question, asked, result]);
    expect(answer.tool_calls ?? []).toHaveLength(0);
    expect(textOf(answer.content).length).toBeGreaterThan(0);
    const sent = JSON.stringify(harness.simulator('sim-ollama').received[1]?.body);
    expect(sent).toContain('"role":"tool"');
    expect(sent).toContain('temperature');
  });

  it('returns structured output', async () => {
    const structured = await model('gpt-4o-mini').withStructuredOutput(z.object({ name: z.string(), population: z.number() })).invoke('A city');
    expect(typeof structured.name).toBe('string');
    expect(typeof structured.population).toBe('number');
  });
});
