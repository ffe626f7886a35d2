import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEchoProvider, type EchoProvider } from '../helpers/echo-provider.ts';
import { reached, resetSimulators } from '../helpers/evasion-fleet.ts';
import { outcomeOf, type Outcome } from '../helpers/outcome-of.ts';
import { startSovereigntyGateway } from '../helpers/sovereignty-fleet.ts';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

/**
 * Evasion by splitting: a marking, an address or a key cut over adjacent content parts, turns or tool results, in
 * both dialects, is found as if written whole (a provider reads them as one text), routed or refused as the whole
 * would be (on the sovereignty fleet), and redacted with one token for the whole value, restored in the answer.
 */

/** Credentials are assembled from parts so that no scanner mistakes this file for a leak. */
const openaiKey = ['sk-', 'proj-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z', '_-Q'].join('');

type Expected = { to: string } | { refused: string };

/** [label, the pieces, where the whole must go]. */
const splits: Array<[string, string[], Expected]> = [
  ['a marking cut in two', ['SEC', 'RET//NOFORN Operation NIGHTJAR'], { to: 'local-secret' }],
  ['a marking cut in three', ['S', 'ECR', 'ET//NOFORN'], { to: 'local-secret' }],
  ['a level cut from its caveat', ['Memo: SECRET', '//NOFORN. Summarise.'], { to: 'local-secret' }],
  ['an address cut at the @', ['Write to anna.schmidt', '@example.de today.'], { to: 'cloud-ch' }],
  ['an address cut in the middle of its domain', ['Write to anna.schmidt@exa', 'mple.de today.'], { to: 'cloud-ch' }],
  ['a key cut in two', [`Use ${openaiKey.slice(0, 11)}`, `${openaiKey.slice(11)} to call it.`], { refused: 'block-secrets' }],
  ['a key cut in three', [`Use ${openaiKey.slice(0, 5)}`, openaiKey.slice(5, 30), `${openaiKey.slice(30)} now`], { refused: 'block-secrets' }],
  ['base64 of a marking cut in two', [Buffer.from('SECRET//NOFORN\nNIGHTJAR').toString('base64').slice(0, 10), Buffer.from('SECRET//NOFORN\nNIGHTJAR').toString('base64').slice(10)], { to: 'local-secret' }],
  ['nothing: prose in parts', ['The plan is ', 'ready. Thanks', ' for the secret recipe.'], { to: 'cloud-sg' }],
];

describe('evasion: data split over adjacent parts and turns', () => {
  let harness: TestGateway;
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    harness = await startSovereigntyGateway();
    openai = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: harness.url, apiKey: harness.apiKey, maxRetries: 0 });
  });
  afterAll(() => harness.close());
  beforeEach(() => resetSimulators(harness));

  const ways: Record<string, (pieces: string[]) => Promise<Outcome>> = {
    'OpenAI content parts': (pieces) =>
      outcomeOf(() =>
        openai.chat.completions
          .create({ model: 'chat', messages: [{ role: 'user', content: pieces.map((text) => ({ type: 'text' as const, text })) }] })
          .withResponse()
          .then(({ response }) => response),
      ),
    'OpenAI consecutive turns': (pieces) =>
      outcomeOf(() =>
        openai.chat.completions
          .create({ model: 'chat', messages: pieces.map((content) => ({ role: 'user' as const, content })) })
          .withResponse()
          .then(({ response }) => response),
      ),
    'Anthropic content blocks, streamed': async (pieces) => {
      let stream: AsyncIterable<unknown> | undefined;
      const outcome = await outcomeOf(() =>
        anthropic.messages
          .create({ model: 'chat', max_tokens: 16, stream: true, messages: [{ role: 'user', content: pieces.map((text) => ({ type: 'text' as const, text })) }] })
          .withResponse()
          .then(({ data, response }) => ((stream = data), response)),
      );
      if (stream !== undefined) for await (const _event of stream) void _event;
      return outcome;
    },
    'Anthropic tool result blocks': (pieces) =>
      outcomeOf(() =>
        anthropic.messages
          .create({
            model: 'chat',
            max_tokens: 16,
            tools: [{ name: 'fetch', input_schema: { type: 'object', properties: {} } }],
            messages: [
              { role: 'user', content: 'Fetch it.' },
              { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'fetch', input: {} }] },
              { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: pieces.map((text) => ({ type: 'text' as const, text })) }] },
            ],
          })
          .withResponse()
          .then(({ response }) => response),
      ),
  };

  const cases = Object.keys(ways).flatMap((way) => splits.map(([label, pieces, expected]) => [way, label, pieces, expected] as const));

  it.each(cases)('%s: %s', async (way, _label, pieces, expected) => {
    const outcome = await ways[way]!([...pieces]);
    if ('refused' in expected) {
      expect({ status: outcome.status, reached: reached(harness) }).toEqual({ status: 403, reached: [] });
      expect(outcome.message).toContain(expected.refused);
    } else {
      expect({ status: outcome.status, provider: outcome.provider, reached: reached(harness) }).toEqual({ status: 200, provider: expected.to, reached: [expected.to] });
    }
  });
});

describe('redaction of a value split over adjacent parts', () => {
  let echo: EchoProvider;
  let harness: TestGateway;
  let openai: OpenAI;

  beforeAll(async () => {
    echo = await startEchoProvider({ chunkSize: 3 });
    harness = await startTestGateway({
      providers: [echo.entry('echo', 'sk-echo-provider-key')],
      config: { policies: [{ name: 'pii-redact', when: 'profile.hasPersonalData', actions: ['redact'] }] },
    });
    openai = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
  });
  afterAll(async () => {
    await harness.close();
    await echo.close();
  });
  beforeEach(() => {
    echo.received.length = 0;
  });

  it('sends one token for the whole value, leaves other text alone, and restores the answer, whole and streamed', async () => {
    // One-character halves once sent the token search into an endless loop: `E` is in every placeholder.
    const pieces = ['Every Editor: write to E', '@example.com and anna.', 'schmidt@example.de. Every E stays.'];
    const content = pieces.map((text) => ({ type: 'text' as const, text }));
    const whole = await openai.chat.completions.create({ model: 'echo', messages: [{ role: 'user', content }] });
    expect(whole.choices[0]!.message.content).toBe(pieces.join(''));
    const stream = await openai.chat.completions.create({ model: 'echo', messages: [{ role: 'user', content }], stream: true });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed).toBe(pieces.join(''));

    expect(echo.received).toHaveLength(2);
    for (const request of echo.received) {
      const parts = (request.body.messages as Array<{ content: Array<{ text: string }> }>)[0]!.content.map((part) => part.text);
      expect(parts).toEqual(['Every Editor: write to [EMAIL_1]', ' and [EMAIL_2]', '. Every E stays.']);
      expect(request.text).not.toContain('example.com');
      expect(request.text).not.toContain('schmidt');
    }
  });
});
