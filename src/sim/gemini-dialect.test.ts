import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './simulator.ts';
import { postJson, readChunks, readSseEvents } from './test-support.ts';

interface GeminiResponse {
  candidates: Array<{ content: { parts: Array<{ text?: string; functionCall?: { name: string; args: unknown } }>; role: string }; finishReason?: string; index: number }>;
  usageMetadata: { promptTokenCount: number; candidatesTokenCount: number; totalTokenCount: number };
  modelVersion: string;
}

const key = { 'x-goog-api-key': 'gemini-test-key' };
const tools = [{ functionDeclarations: [{ name: 'get_weather', parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' }, days: { type: 'INTEGER' } }, required: ['city'] } }] }];

describe('simulator: Gemini dialect', () => {
  let sim: Simulator;
  const url = (method: string, query = '') => `${sim.url}/v1beta/models/gemini-sim:${method}${query}`;

  beforeAll(async () => {
    sim = await startSimulator({ models: [{ name: 'gemini-sim', outputTokens: 7, embeddingDimensions: 5 }], apiKey: 'gemini-test-key' });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('answers generateContent with text, finishReason STOP and usageMetadata', async () => {
    const response = await postJson(url('generateContent'), { systemInstruction: { parts: [{ text: 'Be brief' }] }, contents: [{ role: 'user', parts: [{ text: 'Hello' }] }] }, key);
    expect(response.status).toBe(200);
    const body = (await response.json()) as GeminiResponse;
    const candidate = body.candidates[0];
    expect(candidate?.finishReason).toBe('STOP');
    expect(candidate?.content.role).toBe('model');
    expect(candidate?.content.parts[0]?.text?.split(' ')).toHaveLength(7);
    expect(body.usageMetadata).toEqual(expect.objectContaining({ promptTokenCount: Math.ceil('Be briefHello'.length / 4), candidatesTokenCount: 7, totalTokenCount: 4 + 7 }));
    expect(body.modelVersion).toBe('gemini-sim');
    expect(sim.received[0]).toMatchObject({ dialect: 'gemini', model: 'gemini-sim', stream: false });
  });

  it('streams SSE (alt=sse) with CRLF framing, one word per chunk and a final finishReason chunk', async () => {
    const request = { contents: [{ role: 'user', parts: [{ text: 'Stream' }] }] };
    const response = await postJson(url('streamGenerateContent', '?alt=sse'), request, key);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const raw = (await readChunks(response)).join('');
    expect(raw).toContain('\r\n\r\n');
    const again = await postJson(url('streamGenerateContent', '?alt=sse'), request, key);
    const chunks = (await readSseEvents(again)).map((event) => JSON.parse(event.data) as GeminiResponse);
    expect(chunks).toHaveLength(8);
    expect(chunks.slice(0, -1).every((chunk) => chunk.candidates[0]?.finishReason === undefined)).toBe(true);
    expect(chunks.at(-1)?.candidates[0]?.finishReason).toBe('STOP');
    expect(chunks.at(-1)?.usageMetadata.candidatesTokenCount).toBe(7);
    const text = chunks.map((chunk) => chunk.candidates[0]?.content.parts[0]?.text ?? '').join('');
    const whole = (await (await postJson(url('generateContent'), request, key)).json()) as GeminiResponse;
    expect(text).toBe(whole.candidates[0]?.content.parts[0]?.text);
  });

  it('streams a JSON array without alt=sse', async () => {
    const response = await postJson(url('streamGenerateContent'), { contents: [{ role: 'user', parts: [{ text: 'Array' }] }] }, key);
    const body = JSON.parse((await readChunks(response)).join('')) as GeminiResponse[];
    expect(body).toHaveLength(8);
    expect(body.at(-1)?.candidates[0]?.finishReason).toBe('STOP');
  });

  it('answers a functionCall part when tools are offered, in both forms, and text after the functionResponse', async () => {
    const request = { contents: [{ role: 'user', parts: [{ text: 'Weather?' }] }], tools };
    const whole = (await (await postJson(url('generateContent'), request, key)).json()) as GeminiResponse;
    expect(whole.candidates[0]?.content.parts).toEqual([{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }]);
    expect(whole.candidates[0]?.finishReason).toBe('STOP');

    const streamed = (await readSseEvents(await postJson(url('streamGenerateContent', '?alt=sse'), request, key))).map((event) => JSON.parse(event.data) as GeminiResponse);
    expect(streamed[0]?.candidates[0]?.content.parts[0]?.functionCall).toEqual({ name: 'get_weather', args: { city: 'Paris' } });

    const followUp = (await (
      await postJson(
        url('generateContent'),
        {
          tools,
          contents: [
            { role: 'user', parts: [{ text: 'Weather?' }] },
            { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
            { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temperature: 21 } } }] },
          ],
        },
        key,
      )
    ).json()) as GeminiResponse;
    expect(followUp.candidates[0]?.content.parts[0]?.text).toMatch(/\w/);
  });

  it('honours functionCallingConfig NONE and maxOutputTokens (MAX_TOKENS)', async () => {
    const body = (await (
      await postJson(url('generateContent'), { contents: [{ role: 'user', parts: [{ text: 'x' }] }], tools, toolConfig: { functionCallingConfig: { mode: 'NONE' } }, generationConfig: { maxOutputTokens: 2 } }, key)
    ).json()) as GeminiResponse;
    expect(body.candidates[0]?.finishReason).toBe('MAX_TOKENS');
    expect(body.usageMetadata.candidatesTokenCount).toBe(2);
  });

  it('answers batchEmbedContents and embedContent with deterministic vectors', async () => {
    const batch = (await (
      await postJson(url('batchEmbedContents'), { requests: ['one', 'two'].map((text) => ({ model: 'models/gemini-sim', content: { parts: [{ text }] } })) }, key)
    ).json()) as { embeddings: Array<{ values: number[] }> };
    expect(batch.embeddings).toHaveLength(2);
    expect(batch.embeddings[0]?.values).toHaveLength(5);
    const single = (await (await postJson(url('embedContent'), { content: { parts: [{ text: 'one' }] } }, key)).json()) as { embedding: { values: number[] } };
    expect(single.embedding.values).toEqual(batch.embeddings[0]?.values);
  });

  it('accepts the key as ?key= and answers 401 UNAUTHENTICATED without it', async () => {
    const withQuery = await postJson(url('generateContent', '?key=gemini-test-key'), { contents: [{ parts: [{ text: 'x' }] }] });
    expect(withQuery.status).toBe(200);
    const without = await postJson(url('generateContent'), { contents: [{ parts: [{ text: 'x' }] }] });
    expect(without.status).toBe(401);
    expect(await without.json()).toEqual({ error: { code: 401, message: expect.any(String), status: 'UNAUTHENTICATED' } });
  });

  it('answers 400 INVALID_ARGUMENT without contents', async () => {
    const response = await postJson(url('generateContent'), { generationConfig: {} }, key);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 400, message: expect.stringContaining('contents'), status: 'INVALID_ARGUMENT' } });
  });

  it('lists models as models/NAME', async () => {
    const response = await fetch(`${sim.url}/v1beta/models`, { headers: key });
    const body = (await response.json()) as { models: Array<{ name: string }> };
    expect(body.models.map((model) => model.name)).toEqual(['models/gemini-sim']);
  });
});
