import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './simulator.ts';
import { postJson, readNdjsonLines } from './test-support.ts';

interface OllamaChatLine {
  model: string;
  created_at: string;
  message: { role: string; content: string; tool_calls?: Array<{ function: { name: string; arguments: unknown } }> };
  done: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
}

const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];

describe('simulator: Ollama dialect', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({ models: [{ name: 'llama-sim', outputTokens: 6 }], apiKey: 'ignored-by-ollama' });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('streams NDJSON by default (stream absent), one word per line, then a done line with counts', async () => {
    const response = await postJson(`${sim.url}/api/chat`, { model: 'llama-sim', messages: [{ role: 'user', content: 'Hello' }] });
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await readNdjsonLines(response)).map((line) => JSON.parse(line) as OllamaChatLine);
    expect(lines).toHaveLength(7);
    expect(lines.slice(0, -1).every((line) => !line.done && line.message.role === 'assistant')).toBe(true);
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 2, eval_count: 6, message: { content: '' } });
    expect(sim.received[0]).toMatchObject({ dialect: 'ollama', stream: true, model: 'llama-sim' });
  });

  it('answers one JSON object with stream false, with the same text as the stream', async () => {
    const request = { model: 'llama-sim', messages: [{ role: 'user', content: 'Same?' }] };
    const whole = (await (await postJson(`${sim.url}/api/chat`, { ...request, stream: false })).json()) as OllamaChatLine;
    expect(whole.done).toBe(true);
    const lines = (await readNdjsonLines(await postJson(`${sim.url}/api/chat`, request))).map((line) => JSON.parse(line) as OllamaChatLine);
    expect(lines.map((line) => line.message.content).join('')).toBe(whole.message.content);
  });

  it('answers message.tool_calls with object arguments, streamed and whole, and text after a tool message', async () => {
    const request = { model: 'llama-sim', tools, messages: [{ role: 'user', content: 'Weather?' }] };
    const whole = (await (await postJson(`${sim.url}/api/chat`, { ...request, stream: false })).json()) as OllamaChatLine;
    expect(whole.message.tool_calls).toEqual([{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }]);
    const lines = (await readNdjsonLines(await postJson(`${sim.url}/api/chat`, request))).map((line) => JSON.parse(line) as OllamaChatLine);
    expect(lines[0]?.message.tool_calls?.[0]?.function.name).toBe('get_weather');
    expect(lines.at(-1)?.done).toBe(true);

    const followUp = (await (
      await postJson(`${sim.url}/api/chat`, {
        ...request,
        stream: false,
        messages: [...request.messages, { role: 'assistant', content: '', tool_calls: whole.message.tool_calls }, { role: 'tool', content: '21 degrees' }],
      })
    ).json()) as OllamaChatLine;
    expect(followUp.message.tool_calls).toBeUndefined();
    expect(followUp.message.content).toMatch(/\w/);
  });

  it('honours options.num_predict with done_reason length, and format json', async () => {
    const capped = (await (await postJson(`${sim.url}/api/chat`, { model: 'llama-sim', stream: false, options: { num_predict: 2 }, messages: [{ role: 'user', content: 'x' }] })).json()) as OllamaChatLine;
    expect(capped.done_reason).toBe('length');
    expect(capped.eval_count).toBe(2);
    const json = (await (await postJson(`${sim.url}/api/chat`, { model: 'llama-sim', stream: false, format: 'json', messages: [{ role: 'user', content: 'x' }] })).json()) as OllamaChatLine;
    expect(JSON.parse(json.message.content)).toHaveProperty('answer');
  });

  it('needs no key (Ollama has no authentication)', async () => {
    expect((await fetch(`${sim.url}/api/tags`)).status).toBe(200);
  });

  it('lists models at /api/tags and embeds at /api/embed', async () => {
    const tags = (await (await fetch(`${sim.url}/api/tags`)).json()) as { models: Array<{ name: string; model: string; details: object }> };
    expect(tags.models).toEqual([expect.objectContaining({ name: 'llama-sim', model: 'llama-sim', details: expect.any(Object) })]);
    const embed = (await (await postJson(`${sim.url}/api/embed`, { model: 'llama-sim', input: ['a', 'b', 'c'] })).json()) as { model: string; embeddings: number[][] };
    expect(embed.model).toBe('llama-sim');
    expect(embed.embeddings.map((vector) => vector.length)).toEqual([16, 16, 16]);
  });

  it('answers 400 {"error"} without a model', async () => {
    const response = await postJson(`${sim.url}/api/chat`, { messages: [] });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'model is required' });
  });
});
