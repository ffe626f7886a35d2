import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../simulator.ts';
import { postJson, readSseEvents } from '../test-support.ts';

/** A system prompt of a little over 1,100 o200k tokens: above the 1,024 minimum of OpenAI and Sonnet. */
const policy = Array.from({ length: 160 }, (_, index) => `Rule ${index}: answer politely.`).join('\n');
const minute = 60_000;

describe('simulator: prompt caching', () => {
  let sim: Simulator;
  let now = 0;
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    sim = await startSimulator({ promptCaching: { now: () => now }, defaultModel: { outputTokens: 3 } });
    openai = new OpenAI({ apiKey: 'sk-test', baseURL: `${sim.url}/v1`, maxRetries: 0 });
    anthropic = new Anthropic({ apiKey: 'sk-ant', baseURL: sim.url, maxRetries: 0 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.reset();
    now = 0;
  });

  it('OpenAI: the second turn reads the first turn\'s prefix in 128-token steps; 5 idle minutes later nothing', async () => {
    const first = [{ role: 'system' as const, content: policy }, { role: 'user' as const, content: 'Hi' }];
    const one = await openai.chat.completions.create({ model: 'gpt-4o', messages: first });
    expect(one.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    const prompt = one.usage?.prompt_tokens ?? 0;
    expect(prompt).toBeGreaterThan(1100);

    now = 2 * minute;
    const two = await openai.chat.completions.create({ model: 'gpt-4o', messages: [...first, { role: 'assistant', content: 'Hello' }, { role: 'user', content: 'Book a flight' }] });
    const cached = two.usage?.prompt_tokens_details?.cached_tokens ?? 0;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect((cached - 1024) % 128).toBe(0);
    expect(cached).toBeLessThanOrEqual(prompt);
    expect(prompt - cached).toBeLessThan(128 + 3);

    now = 8 * minute;
    const three = await openai.chat.completions.create({ model: 'gpt-4o', messages: first });
    expect(three.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
  });

  it('Anthropic: nothing without cache_control; with it a write, then a read on the next turn', async () => {
    const plain = { model: 'claude-sonnet-4-5', max_tokens: 50, system: policy, messages: [{ role: 'user' as const, content: 'Hi' }] };
    await anthropic.messages.create(plain);
    const repeated = await anthropic.messages.create(plain);
    expect(repeated.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });

    const system = [{ type: 'text' as const, text: policy, cache_control: { type: 'ephemeral' as const } }];
    const written = await anthropic.messages.create({ ...plain, system });
    const write = written.usage.cache_creation_input_tokens ?? 0;
    expect(write).toBeGreaterThan(1024);
    expect(written.usage).toMatchObject({ cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: write, ephemeral_1h_input_tokens: 0 } });

    now = 3 * minute;
    const response = await postJson(`${sim.url}/v1/messages`, { ...plain, system, stream: true, messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }, { role: 'user', content: 'More' }] });
    const start = JSON.parse((await readSseEvents(response))[0]?.data ?? '{}');
    expect(start.message.usage).toMatchObject({ cache_read_input_tokens: write, cache_creation_input_tokens: 0 });
    expect(start.message.usage.input_tokens).toBeGreaterThan(0);
    expect(start.message.usage.input_tokens).toBeLessThan(30);
  });

  it('Anthropic: more than 4 breakpoints is a 400', async () => {
    const block = { type: 'text', text: 'x', cache_control: { type: 'ephemeral' } };
    const response = await postJson(`${sim.url}/v1/messages`, { model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: [block, block, block, block, block] }] });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ type: 'invalid_request_error', message: 'A maximum of 4 blocks with cache_control may be provided. Found 5.' });
  });

  it('Gemini: implicit caching from 2,048 tokens reports cachedContentTokenCount', async () => {
    const body = { systemInstruction: { parts: [{ text: `${policy}\n${policy}` }] }, contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] };
    const first = await (await postJson(`${sim.url}/v1beta/models/gemini-2.5-flash:generateContent`, body)).json();
    expect(first.usageMetadata.cachedContentTokenCount).toBeUndefined();
    const second = await (await postJson(`${sim.url}/v1beta/models/gemini-2.5-flash:generateContent`, body)).json();
    expect(second.usageMetadata.cachedContentTokenCount).toBeGreaterThan(2048);
    expect(second.usageMetadata.cachedContentTokenCount).toBeLessThan(second.usageMetadata.promptTokenCount);
  });

  it('reset() empties the caches', async () => {
    const messages = [{ role: 'system' as const, content: policy }, { role: 'user' as const, content: 'Hi' }];
    await openai.chat.completions.create({ model: 'gpt-4o', messages });
    sim.reset();
    const again = await openai.chat.completions.create({ model: 'gpt-4o', messages });
    expect(again.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
  });
});
