import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEchoProvider, type EchoProvider } from '../helpers/echo-provider.ts';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

const values = {
  anna: 'anna.schmidt@example.de',
  bob: 'bob@mail.example.org',
  phone: '+49 30 1234567',
  iban: 'DE89 3704 0044 0532 0130 00',
};
const prompt = `Refund to ${values.iban}, confirm to ${values.anna} (cc ${values.bob}) or call ${values.phone}. Again: ${values.anna}.`;

/** What each action sends in place of the values, in order of first appearance. */
const modes = [
  { action: 'redact', tokens: { iban: '[IBAN_1]', anna: '[EMAIL_1]', bob: '[EMAIL_2]', phone: '[PHONE_1]' } },
  {
    action: 'pseudonymise',
    tokens: { iban: 'XX00 0000 0000 0000 0000', anna: 'person1@example.invalid', bob: 'person2@example.invalid', phone: '+1 201 555 0100' },
  },
] as const;

const weatherTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: { name: 'lookup', description: 'Look a text up', parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } },
};

describe.each(modes)('the $action policy action', ({ action, tokens }) => {
  let harness: TestGateway;
  let echo: EchoProvider;
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    echo = await startEchoProvider({ chunkSize: 3 });
    harness = await startTestGateway({
      providers: [
        simulatedProvider('sim-openai', 'openai-compatible', [
          'gpt-4o-mini',
          { name: 'text-embedding-3-small', capabilities: { tools: false, vision: false, json: false, embeddings: true } },
        ]),
        simulatedProvider('sim-anthropic', 'anthropic', ['claude-haiku-4-5']),
        echo.entry('echo', 'sk-echo-provider-key'),
      ],
      config: { policies: [{ name: `pii-${action}`, when: 'profile.hasPersonalData', actions: [action] }] },
    });
    openai = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: harness.url, apiKey: harness.apiKey, maxRetries: 0 });
  });
  afterAll(async () => {
    await harness.close();
    await echo.close();
  });
  beforeEach(() => {
    for (const simulator of harness.gateway.simulators.values()) simulator.reset();
    echo.received.length = 0;
  });

  /** Every body a provider received, as JSON text. */
  const sent = () => [
    ...[...harness.gateway.simulators.values()].flatMap((simulator) => simulator.received.map((request) => JSON.stringify(request.body))),
    ...echo.received.map((request) => JSON.stringify(request.body)),
  ];
  const expectNoValues = () => {
    const bodies = sent();
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) {
      for (const value of Object.values(values)) expect(body).not.toContain(value);
      for (const token of Object.values(tokens)) expect(body).toContain(token);
    }
  };
  const redactedPrompt = prompt
    .replace(values.iban, tokens.iban)
    .replaceAll(values.anna, tokens.anna)
    .replace(values.bob, tokens.bob)
    .replace(values.phone, tokens.phone);

  it('sends the simulators no original value, in both dialects, streamed or not, across system, history and tool results', async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'system', content: `You help ${values.anna}.` },
      { role: 'user', content: prompt },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: JSON.stringify({ text: values.bob }) } }] },
      { role: 'tool', tool_call_id: 'c1', content: `Found ${values.phone} for ${values.bob}` },
      { role: 'user', content: prompt },
    ];
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: [weatherTool] });
    for await (const chunk of await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true })) void chunk;
    await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, system: `You help ${values.anna}.`, messages: [{ role: 'user', content: prompt }] });
    for await (const event of await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: prompt }], stream: true })) void event;
    expect(sent()).toHaveLength(4);
    expectNoValues();
  });

  it('keeps the same value on the same token across the turns of a conversation', async () => {
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] });
    await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: prompt },
        { role: 'assistant', content: `Done for ${values.anna}.` },
        { role: 'user', content: `And ${values.bob}?` },
      ],
    });
    const [first, second] = harness.simulator('sim-openai').received.map((request) => request.body as { messages: Array<{ content: string }> });
    expect(first!.messages[0]!.content).toBe(redactedPrompt);
    expect(second!.messages.map((message) => message.content)).toEqual([redactedPrompt, `Done for ${tokens.anna}.`, `And ${tokens.bob}?`]);
  });

  it('restores the values in an OpenAI answer, whole and streamed in chunks that split the tokens', async () => {
    const whole = await openai.chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: prompt }] });
    expect(whole.choices[0]!.message.content).toBe(prompt);
    const stream = await openai.chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: prompt }], stream: true });
    const deltas: string[] = [];
    for await (const chunk of stream) deltas.push(chunk.choices[0]?.delta.content ?? '');
    expect(deltas.join('')).toBe(prompt);
    expect(deltas.filter(Boolean).length).toBeGreaterThan(5);
    // The provider saw only tokens, and its 3-character chunks cut through them.
    expect(lastUserMessages()).toEqual([redactedPrompt, redactedPrompt]);
    expect(splitsAToken(redactedPrompt, 3)).toBe(true);
    expectNoValues();
  });

  it('restores the values in an Anthropic answer, whole and streamed', async () => {
    const whole = await anthropic.messages.create({ model: 'echo', max_tokens: 256, messages: [{ role: 'user', content: prompt }] });
    expect(whole.content).toEqual([expect.objectContaining({ type: 'text', text: prompt })]);
    const stream = await anthropic.messages.create({ model: 'echo', max_tokens: 256, messages: [{ role: 'user', content: prompt }], stream: true });
    let text = '';
    for await (const event of stream) if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    expect(text).toBe(prompt);
    expect(lastUserMessages()).toEqual([redactedPrompt, redactedPrompt]);
    expectNoValues();
  });

  it('restores the values in tool-call arguments, whole and streamed', async () => {
    const whole = await openai.chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: prompt }], tools: [weatherTool] });
    const call = whole.choices[0]!.message.tool_calls?.[0];
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ text: prompt });
    const stream = await openai.chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: prompt }], tools: [weatherTool], stream: true });
    let argumentsText = '';
    for await (const chunk of stream) argumentsText += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
    expect(JSON.parse(argumentsText)).toEqual({ text: prompt });
    const anthropicAnswer = await anthropic.messages.create({
      model: 'echo',
      max_tokens: 256,
      messages: [{ role: 'user', content: prompt }],
      tools: [{ name: 'lookup', input_schema: { type: 'object', properties: { text: { type: 'string' } } } }],
    });
    expect(anthropicAnswer.content).toEqual([expect.objectContaining({ type: 'tool_use', input: { text: prompt } })]);
    expectNoValues();
  });

  it('redacts embedding inputs too', async () => {
    const embedded = await openai.embeddings.create({ model: 'text-embedding-3-small', input: [prompt, 'no personal data here'] });
    expect(embedded.data).toHaveLength(2);
    expect((harness.simulator('sim-openai').received[0]?.body as { input: string[] }).input).toEqual([redactedPrompt, 'no personal data here']);
    expectNoValues();
  });

  it('leaves a request without personal data untouched', async () => {
    const answer = await openai.chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: 'Plain [EMAIL_1] text' }] });
    expect(answer.choices[0]!.message.content).toBe('Plain [EMAIL_1] text');
  });

  function lastUserMessages(): string[] {
    return echo.received.map((request) => {
      const messages = request.body.messages as Array<{ role: string; content: string | Array<{ text: string }> }>;
      const content = messages.findLast((message) => message.role === 'user')!.content;
      return typeof content === 'string' ? content : content.map((part) => part.text).join('');
    });
  }

  function splitsAToken(text: string, size: number): boolean {
    return Object.values(tokens).some((token) => {
      const start = text.indexOf(token);
      return Math.floor(start / size) !== Math.floor((start + token.length - 1) / size);
    });
  }
});
