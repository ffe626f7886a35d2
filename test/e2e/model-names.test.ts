import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { countTokens } from '../../src/security/pricing/count-tokens.ts';
import { parseAnthropicMessagesRequest } from '../../src/server/dialects/anthropic/parse-anthropic-messages-request.ts';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

describe('model names as clients send them, GET /v1/models/{id} and count_tokens', () => {
  let harness: TestGateway;
  let anthropic: Anthropic;
  let openai: OpenAI;

  beforeAll(async () => {
    harness = await startTestGateway({
      providers: [
        simulatedProvider('sim-anthropic', 'anthropic', [
          { name: 'claude-haiku-5-5', patterns: ['claude-*', { match: 'legacy-*', upstream: 'claude-haiku-5-5' }], price: { input: 1, output: 2 } },
        ]),
        simulatedProvider('sim-openai', 'openai-compatible', [
          'gpt-6-luna',
          { name: 'embed-one', patterns: ['embed-*'], price: { input: 1, output: 0 }, capabilities: { tools: false, vision: false, json: false, embeddings: true } },
        ]),
      ],
    });
    anthropic = new Anthropic({ baseURL: harness.url, apiKey: harness.apiKey, maxRetries: 0 });
    openai = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    for (const simulator of harness.gateway.simulators.values()) simulator.reset();
  });

  it.each([
    ['a name the pattern passes on as it is', 'claude-opus-9-9', 'claude-opus-9-9'],
    ['a name the pattern maps', 'legacy-model', 'claude-haiku-5-5'],
    ['the model\'s own name', 'claude-haiku-5-5', 'claude-haiku-5-5'],
  ])('routes %s to the provider whose pattern serves it', async (_name, model, upstream) => {
    const message = await anthropic.messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] });
    // The answer names the model that answered: the client's name when passed on, the catalog's when mapped.
    expect(message.model).toBe(upstream);
    expect(harness.simulator('sim-anthropic').received.at(-1)?.model).toBe(upstream);
  });

  it('accepts a name a pattern serves in every dialect: chat completions, Responses, count_tokens and embeddings', async () => {
    const chat = await openai.chat.completions.create({ model: 'claude-opus-9-9', messages: [{ role: 'user', content: 'Hi' }] });
    expect(chat.choices[0]?.message.content).toBeTruthy();
    expect(harness.simulator('sim-anthropic').received.at(-1)?.model).toBe('claude-opus-9-9');
    const response = await openai.responses.create({ model: 'claude-sonnet-9-9', input: 'Hi', store: false });
    expect(response.status).toBe('completed');
    expect(harness.simulator('sim-anthropic').received.at(-1)?.model).toBe('claude-sonnet-9-9');
    const counted = await anthropic.messages.countTokens({ model: 'claude-3-5-haiku-latest', messages: [{ role: 'user', content: 'Hi' }] });
    expect(counted.input_tokens).toBeGreaterThan(0);
    const embedded = await openai.embeddings.create({ model: 'embed-two', input: 'Hi' });
    expect(embedded.data[0]?.embedding.length).toBeGreaterThan(0);
    expect(harness.simulator('sim-openai').received.at(-1)?.model).toBe('embed-two');
    // A pattern serves only the endpoint its model is made for.
    await expect(openai.embeddings.create({ model: 'claude-opus-9-9', input: 'Hi' })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(openai.chat.completions.create({ model: 'embed-two', messages: [{ role: 'user', content: 'Hi' }] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(openai.responses.create({ model: 'embed-two', input: 'Hi', store: false })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('refuses a pattern-served name that carries personal data or a credential, in every dialect, before anything is sent', async () => {
    for (const model of ['claude-anna.schmidt@example.de', 'claude-sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD']) {
      await expect(anthropic.messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] })).rejects.toBeInstanceOf(Anthropic.NotFoundError);
      await expect(anthropic.messages.countTokens({ model, messages: [{ role: 'user', content: 'Hi' }] })).rejects.toBeInstanceOf(Anthropic.NotFoundError);
      await expect(openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
      await expect(openai.responses.create({ model, input: 'Hi', store: false })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    }
    await expect(openai.embeddings.create({ model: 'embed-anna.schmidt@example.de', input: 'Hi' })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    for (const simulator of harness.gateway.simulators.values()) expect(simulator.received).toHaveLength(0);
  });

  it('still answers 404 for a name nothing serves', async () => {
    await expect(anthropic.messages.create({ model: 'mistral-unknown', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] })).rejects.toBeInstanceOf(
      Anthropic.NotFoundError,
    );
  });

  it('retrieves one model in the Anthropic shape and in the OpenAI shape, patterns included', async () => {
    const claude = await anthropic.models.retrieve('claude-opus-9-9');
    expect(claude).toMatchObject({ type: 'model', id: 'claude-opus-9-9' });
    const luna = await openai.models.retrieve('gpt-6-luna');
    expect(luna).toMatchObject({ id: 'gpt-6-luna', object: 'model', owned_by: 'sim-openai' });
    expect((await openai.models.retrieve('auto')).id).toBe('auto');
    await expect(openai.models.retrieve('nothing-here')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(anthropic.models.retrieve('nothing-here')).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    const stranger = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: 'sk-wrong', maxRetries: 0 });
    await expect(stranger.models.retrieve('gpt-6-luna')).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'How many tokens does this sentence take, roughly?' }];

  it('counts tokens exactly at an Anthropic provider (its own count, with the client\'s betas) and says so', async () => {
    const { data, response } = await anthropic.messages
      .countTokens({ model: 'claude-opus-9-9', system: 'Be brief.', messages }, { headers: { 'anthropic-beta': 'token-counting-2024-11-01' } })
      .withResponse();
    const received = harness.simulator('sim-anthropic').received.at(-1)!;
    expect(received.path).toBe('/v1/messages/count_tokens');
    expect(received.model).toBe('claude-opus-9-9');
    expect(received.headers['anthropic-beta']).toBe('token-counting-2024-11-01');
    // The simulator counts characters / 4: the exact figure is the provider's, not the gateway's tokenizer.
    expect(data.input_tokens).toBe(Math.ceil(('Be brief.' + (messages[0]!.content as string)).length / 4));
    expect(response.headers.get('x-sovereign-token-count')).toBe('exact');
    expect(response.headers.get('x-sovereign-provider')).toBe('sim-anthropic');
    expect(response.headers.get('x-sovereign-decision')).toMatch(/^dec_/);
    // Counting sends nothing to be answered.
    expect(harness.simulator('sim-anthropic').received.filter((request) => request.path === '/v1/messages')).toHaveLength(0);
  });

  it('counts tokens locally for a provider without a count endpoint, and says so', async () => {
    const { data, response } = await anthropic.messages.countTokens({ model: 'gpt-6-luna', messages }).withResponse();
    expect(response.headers.get('x-sovereign-token-count')).toBe('estimate');
    expect(data.input_tokens).toBe(countTokens(parseAnthropicMessagesRequest({ model: 'gpt-6-luna', max_tokens: 1, messages })));
    expect(harness.simulator('sim-openai').received).toHaveLength(0);
  });

  it('refuses a count_tokens body the way it refuses a message: 400 naming the parameter, 401 without a key', async () => {
    await expect(anthropic.messages.countTokens({ model: 'claude-haiku-5-5', messages: [] })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('messages') });
    const stranger = new Anthropic({ baseURL: harness.url, apiKey: 'sk-wrong', maxRetries: 0 });
    await expect(stranger.messages.countTokens({ model: 'claude-haiku-5-5', messages })).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it('does not repeat a credential-like model name in the 404 of GET /v1/models/{id}, in either dialect', async () => {
    const secretName = 'sk-proj-Abc123Def456Ghi789Jkl012Mno345Pqr678';
    const openaiRefusal = await openai.models.retrieve(secretName).catch((error: unknown) => error);
    expect(openaiRefusal).toBeInstanceOf(OpenAI.NotFoundError);
    expect(JSON.stringify((openaiRefusal as InstanceType<typeof OpenAI.NotFoundError>).error)).not.toContain(secretName);
    const anthropicRefusal = await anthropic.models.retrieve(secretName).catch((error: unknown) => error);
    expect(anthropicRefusal).toBeInstanceOf(Anthropic.NotFoundError);
    expect(JSON.stringify((anthropicRefusal as InstanceType<typeof Anthropic.NotFoundError>).error)).not.toContain(secretName);
    // An ordinary unknown name is still quoted, so the client sees which one was missing.
    expect(((await openai.models.retrieve('no-such-model').catch((error: unknown) => error)) as Error).message).toContain('no-such-model');
  });
});
