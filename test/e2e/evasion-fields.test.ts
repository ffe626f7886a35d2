import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoProvider, type EchoProvider } from '../helpers/echo-provider.ts';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';
import { planted, reached, receivedBy, resetSimulators, send, tenantBKey, useEvasionGateway, type PlantedKind } from '../helpers/evasion-fleet.ts';
import { anthropicBase, anthropicPlacements, openaiBase, openaiPlacements, type Dialect } from '../helpers/evasion-placements.ts';

/**
 * The evasion suite: data planted where a request carries it without being the prompt (every field a provider
 * receives, known or not, keys included), bodies a provider could read differently from the gateway, embeddings,
 * client-caused failures and identifiers. Each case asserts where the request went (the simulators' recordings) or
 * that it was refused with nothing sent.
 */

/** Markings sit at the start of a line; in an URL they are not markings. */
const kindsFor = (placement: string): PlantedKind[] => (placement === 'an image URL' ? ['email', 'secret'] : ['marking', 'email', 'secret']);

function expectRouted(gateway: TestGateway, sent: { status: number; provider: string | null; text: string }, kind: PlantedKind, endpoint: 'chat' | 'embeddings'): void {
  const datum = planted[kind];
  const expected = datum[endpoint];
  const leaked = receivedBy(gateway, datum.probe).filter((id) => !(datum.allowed as readonly string[]).includes(id));
  expect(leaked, `${datum.probe} reached ${leaked.join(', ')}`).toEqual([]);
  if (typeof expected === 'number') {
    expect(sent.status, sent.text).toBe(expected);
    expect(reached(gateway)).toEqual([]);
  } else {
    expect(sent.status, sent.text).toBe(200);
    expect(sent.provider).toBe(expected);
    expect(reached(gateway)).toEqual([expected]);
  }
}

describe('evasion: every field a provider receives is profiled', () => {
  const harness = useEvasionGateway();

  const cases: Array<[string, Dialect, string, PlantedKind, boolean]> = [];
  for (const [dialect, placements] of [['openai', openaiPlacements], ['anthropic', anthropicPlacements]] as const) {
    let index = 0;
    for (const placement of Object.keys(placements)) {
      for (const kind of kindsFor(placement)) cases.push([`${dialect}: ${kind} in ${placement}`, dialect, placement, kind, index++ % 2 === 1]);
    }
  }

  it.each(cases)('%s', async (_name, dialect, placement, kind, stream) => {
    const extra = (dialect === 'openai' ? openaiPlacements : anthropicPlacements)[placement]!(planted[kind].text);
    const body = dialect === 'openai' ? openaiBase(extra, stream) : anthropicBase(extra, stream);
    const sent = await send(harness(), dialect === 'openai' ? '/v1/chat/completions' : '/v1/messages', body);
    expectRouted(harness(), sent, kind, 'chat');
  });

  it('relays unknown fields on the pass-through path only where the data may go', async () => {
    // OpenAI client, OpenAI-compatible provider: the client's body is relayed, unknown fields and all.
    const marked = await send(harness(), '/v1/chat/completions', openaiBase({ x_trace: planted.marking.text }, false));
    expect(marked.provider).toBe('local-secret');
    expect((harness().simulator('local-secret').received[0]!.body as Record<string, unknown>).x_trace).toBe(planted.marking.text);
    resetSimulators(harness());
    // Anthropic client, Anthropic provider in the EEA: the email in an unknown field travels, but not to Singapore.
    const mailed = await send(harness(), '/v1/messages', anthropicBase({ x_context: planted.email.text }, true));
    expect(mailed.provider).toBe('eu-anthropic');
    expect((harness().simulator('eu-anthropic').received[0]!.body as Record<string, unknown>).x_context).toBe(planted.email.text);
    expect(reached(harness())).toEqual(['eu-anthropic']);
  });

  it('keeps retries and fallbacks within the policies: an EEA provider down sends personal data to another EEA one', async () => {
    harness().simulator('eu-anthropic').injectFault({ kind: 'server-error', times: 20 });
    const sent = await send(harness(), '/v1/chat/completions', openaiBase({ user: planted.email.text }, true));
    expect(sent.status).toBe(200);
    expect(['local-cui', 'local-secret']).toContain(sent.provider);
    expect(receivedBy(harness(), planted.email.probe).filter((id) => id.startsWith('sg-'))).toEqual([]);
  });

  it.each([
    ['an unknown field', { x_trace: planted.email.text }],
    ['user', { user: planted.email.text }],
  ])('cascade: escalates only to compliant candidates with personal data in %s', async (_name, extra) => {
    const sent = await send(harness(), '/v1/chat/completions', openaiBase(extra, true), { 'x-sovereign-strategy': 'cascade' });
    expect(sent.status, sent.text).toBe(200);
    expect(sent.headers.get('x-sovereign-cascade')).toBe('escalated:expression');
    // The cheapest compliant candidate first, then the strongest compliant one: never the stronger one in Singapore.
    expect(reached(harness())).toEqual(['eu-anthropic', 'local-secret']);
  });

  it('cascade: a SECRET marking in a tool description never leaves the one cleared provider', async () => {
    const sent = await send(harness(), '/v1/messages', anthropicBase({ tools: [{ name: 'x', description: planted.marking.text, input_schema: { type: 'object' } }] }, false), {
      'x-sovereign-strategy': 'cascade',
    });
    expect(sent.status, sent.text).toBe(200);
    expect(reached(harness())).toEqual(['local-secret']);
  });
});

describe('evasion: count_tokens is profiled like the message it counts', () => {
  const harness = useEvasionGateway();

  const cases: Array<[string, string, PlantedKind]> = Object.keys(anthropicPlacements).flatMap((placement) => kindsFor(placement).map((kind): [string, string, PlantedKind] => [`${kind} in ${placement}`, placement, kind]));

  it.each(cases)('%s', async (_name, placement, kind) => {
    const { max_tokens: _unused, ...body } = anthropicBase(anthropicPlacements[placement]!(planted[kind].text), false);
    const sent = await send(harness(), '/v1/messages/count_tokens', body);
    const datum = planted[kind];
    const leaked = receivedBy(harness(), datum.probe).filter((id) => !(datum.allowed as readonly string[]).includes(id));
    expect(leaked, `${datum.probe} reached ${leaked.join(', ')}`).toEqual([]);
    if (typeof datum.chat === 'number') {
      // Refused as the message would be, with nothing sent to be counted.
      expect(sent.status, sent.text).toBe(datum.chat);
      expect(reached(harness())).toEqual([]);
      return;
    }
    expect(sent.status, sent.text).toBe(200);
    expect((JSON.parse(sent.text) as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
    // Counted exactly where the message would go when that is an Anthropic provider, else here with nothing sent.
    const anthropicTarget = datum.chat === 'eu-anthropic';
    expect(sent.headers.get('x-sovereign-token-count')).toBe(anthropicTarget ? 'exact' : 'estimate');
    expect(sent.provider).toBe(anthropicTarget ? datum.chat : null);
    expect(reached(harness())).toEqual(anthropicTarget ? [datum.chat] : []);
  });

  it('counts a request that carries nothing at the cheapest Anthropic provider', async () => {
    const { max_tokens: _unused, ...body } = anthropicBase({}, false);
    const sent = await send(harness(), '/v1/messages/count_tokens', body);
    expect(sent.status, sent.text).toBe(200);
    expect(sent.provider).toBe('sg-anthropic');
  });
});

describe('evasion: what a provider could read differently is refused', () => {
  const harness = useEvasionGateway();

  const email = planted.email.text;
  const cases: Array<[string, '/v1/chat/completions' | '/v1/messages', string | Uint8Array, RegExp]> = [
    ['a repeated top-level key', '/v1/chat/completions', `{"model":"chat","user":"${email}","messages":[{"role":"user","content":"hi"}],"user":"ok"}`, /repeats a key/],
    ['a repeated key in a message', '/v1/chat/completions', `{"model":"chat","messages":[{"role":"user","content":"SECRET//NOFORN\\nplan","content":"hi"}]}`, /repeats a key/],
    ['a repeated key spelt with an escape', '/v1/chat/completions', `{"model":"chat","messages":[{"role":"user","content":"hi"}],"user":"${email}","\\u0075ser":"ok"}`, /repeats a key/],
    ['a repeated key in an Anthropic block', '/v1/messages', `{"model":"claude","max_tokens":9,"messages":[{"role":"user","content":[{"type":"text","text":"${email}","text":"hi"}]}]}`, /repeats a key/],
    ['a repeated metadata.user_id', '/v1/messages', `{"model":"claude","max_tokens":9,"metadata":{"user_id":"${email}","user_id":"u1"},"messages":[{"role":"user","content":"hi"}]}`, /repeats a key/],
    ['a lone surrogate splitting a marking', '/v1/chat/completions', '{"model":"chat","messages":[{"role":"user","content":"SEC\\ud800RET//NOFORN\\nplan"}]}', /lone UTF-16 surrogate/],
    ['bytes that are not UTF-8', '/v1/chat/completions', Buffer.concat([Buffer.from('{"model":"chat","messages":[{"role":"user","content":"SEC'), Buffer.from([0xff]), Buffer.from('RET//NOFORN\\nplan"}]}')]), /not valid UTF-8/],
  ];

  it.each(cases)('%s: 400 in the dialect, nothing sent', async (_name, path, body, message) => {
    const sent = await send(harness(), path, body);
    expect(sent.status, sent.text).toBe(400);
    const error = JSON.parse(sent.text) as { type?: string; error: { message: string; type: string } };
    expect(error.error.message).toMatch(message);
    if (path === '/v1/messages') expect(error.type).toBe('error');
    expect(error.error.type).toBe('invalid_request_error');
    expect(reached(harness())).toEqual([]);
  });

  it('profiles the body after a byte-order mark and a __proto__ key like any other', async () => {
    const sent = await send(harness(), '/v1/chat/completions', `\ufeff{"model":"chat","__proto__":{"to":"${email}"},"messages":[{"role":"user","content":"hi"}]}`);
    expect(sent.status, sent.text).toBe(200);
    expect(sent.provider).toBe('eu-anthropic');
    expect(reached(harness())).toEqual(['eu-anthropic']);
  });
});

describe('evasion: embeddings obey the same policies as chat', () => {
  const harness = useEvasionGateway();

  const embed = (extra: Record<string, unknown>, headers: Record<string, string> = {}) =>
    send(harness(), '/v1/embeddings', { model: 'embed', input: 'quarterly figures', ...extra }, headers);

  it.each([
    ['input', (value: string) => ({ input: value })],
    ['one input of several', (value: string) => ({ input: ['a', value, 'b'] })],
    ['user', (value: string) => ({ user: value })],
    ['an unknown field', (value: string) => ({ x_trace: { note: value } })],
  ] as const)('routes by what %s carries', async (_name, place) => {
    for (const kind of ['marking', 'email', 'secret'] as const) {
      resetSimulators(harness());
      expectRouted(harness(), await embed(place(planted[kind].text)), kind, 'embeddings');
    }
  });

  it.each([
    ['TOP SECRET text', { input: 'TOP SECRET//SCI\nOrder of battle.' }, {}],
    ['a declared TOP SECRET classification', {}, { 'x-sovereign-classification': 'TOP SECRET' }],
    ['a residency nobody serves', {}, { 'x-sovereign-residency': 'US' }],
  ])('refuses %s with 403 naming the policy, sending nothing', async (_name, extra, headers) => {
    const sent = await embed(extra, headers);
    expect(sent.status, sent.text).toBe(403);
    expect((JSON.parse(sent.text) as { error: { message: string } }).error.message).toMatch(/classified-stays-local|residency/);
    expect(reached(harness())).toEqual([]);
  });

  it.each([
    ['a declared residency', { 'x-sovereign-residency': 'DE' }, 'local-cui'],
    ['a declared SECRET classification', { 'x-sovereign-classification': 'SECRET' }, 'local-secret'],
    ['a declared CUI classification', { 'x-sovereign-classification': 'CUI' }, 'local-cui'],
  ])('honours %s', async (_name, headers, provider) => {
    const sent = await embed({}, headers);
    expect(sent.status, sent.text).toBe(200);
    expect(sent.provider).toBe(provider);
    expect(reached(harness())).toEqual([provider]);
  });

  it('sends SECRET text only to the SECRET-cleared provider, never to the CUI-cleared one', async () => {
    const sent = await embed({ input: ['SECRET\nThe plan.'] });
    expect(sent.provider).toBe('local-secret');
    expect(reached(harness())).toEqual(['local-secret']);
  });
});

describe('evasion: client-caused failures are the client\'s', () => {
  const harness = useEvasionGateway();

  const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
  const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
  const cases: Array<[string, '/v1/chat/completions' | '/v1/messages' | '/v1/embeddings', string, RegExp]> = [
    ['100,000-deep JSON in an unknown field', '/v1/chat/completions', `{"model":"chat","messages":[{"role":"user","content":"hi"}],"x":${deep(100_000)}}`, /nested more than 64 levels/],
    ['100,000-deep tool parameters', '/v1/chat/completions', `{"model":"chat","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${deepObject(100_000)}}}]}`, /nested more than 64 levels/],
    ['100,000-deep tool_use.input', '/v1/messages', `{"model":"claude","max_tokens":9,"messages":[{"role":"user","content":"a"},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":${deepObject(100_000)}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"x"}]}]}`, /nested more than 64 levels/],
    ['100,000-deep JSON inside tool-call arguments, bound for an Anthropic provider', '/v1/chat/completions', JSON.stringify({ model: 'eu-anthropic/chat', messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: deepObject(100_000) } }] }, { role: 'tool', tool_call_id: 'c1', content: 'x' }] }), /inside the string at 'messages\[1\]\.tool_calls\[0\]\.function\.arguments'/],
    ['100,000-deep JSON in an embeddings request', '/v1/embeddings', `{"model":"embed","input":"x","x":${deep(100_000)}}`, /nested more than 64 levels/],
    ['temperature 1e999', '/v1/chat/completions', '{"model":"chat","temperature":1e999,"messages":[{"role":"user","content":"hi"}]}', /'temperature' is a number too large/],
    ['an Anthropic top_p of -1e999', '/v1/messages', '{"model":"claude","max_tokens":9,"top_p":-1e999,"messages":[{"role":"user","content":"hi"}]}', /'top_p' is a number too large/],
  ];

  it.each(cases)('%s: a clear 400 in the dialect, nothing sent', async (_name, path, body, message) => {
    const sent = await send(harness(), path, body);
    expect(sent.status, sent.text).toBe(400);
    expect((JSON.parse(sent.text) as { error: { message: string } }).error.message).toMatch(message);
    expect(reached(harness())).toEqual([]);
  });

  it('a burst of client-caused failures leaves every circuit closed, the statistics clean and every tenant served', async () => {
    const burst: Array<Promise<unknown>> = [];
    for (let round = 0; round < 6; round++) {
      for (const [, path, body] of cases) burst.push(send(harness(), path, body));
      // Aimed at the only SECRET-cleared provider: a marked request whose unknown field cannot be serialised.
      burst.push(send(harness(), '/v1/chat/completions', `{"model":"chat","messages":[{"role":"user","content":"SECRET\\nplan"}],"x":${deep(100_000)}}`));
      burst.push(send(harness(), '/v1/chat/completions', `{"model":"local-secret/chat","messages":[{"role":"user","content":"SECRET\\nplan"}],"user":"a","user":"b"}`));
      // One the provider itself refuses (five cache breakpoints, relayed as the client sent them): still the client's.
      const breakpoints = [1, 2, 3, 4, 5].map((part) => ({ type: 'text', text: `Part ${part}.`, cache_control: { type: 'ephemeral' } }));
      burst.push(send(harness(), '/v1/messages', anthropicBase({ system: breakpoints }, false)));
    }
    const statuses = (await Promise.all(burst)).map((sent) => (sent as { status: number }).status);
    expect(new Set(statuses)).toEqual(new Set([400]));
    expect(reached(harness())).toEqual(['sg-anthropic']);
    // No circuit saw a call at all: neither a failure nor a success is recorded for what the client caused.
    for (const circuit of harness().gateway.services.health.snapshot()) {
      expect(circuit, circuit.providerId).toMatchObject({ state: 'closed', consecutiveFailures: 0, windowFailures: 0, windowCalls: 0 });
    }
    for (const record of harness().gateway.services.sovereignty.stats.snapshot()) expect(record.errorRate, record.providerId).toBe(0);
    // Another tenant's classified request still reaches the only provider cleared for it.
    const served = await send(harness(), '/v1/chat/completions', { model: 'chat', messages: [{ role: 'user', content: 'SECRET\nThe plan.' }] }, {}, tenantBKey);
    expect(served.status, served.text).toBe(200);
    expect(served.provider).toBe('local-secret');
  });
});

describe('evasion: identifiers are not a place for data', () => {
  const harness = useEvasionGateway();

  const home = () => dirname(harness().gateway.services.auditLog.dbFile);
  function tableText(file: string): string {
    const database = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
      return tables.map(({ name }) => JSON.stringify(database.prepare(`SELECT * FROM "${name}"`).all(), (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('latin1') : value))).join('\n');
    } finally {
      database.close();
    }
  }

  it.each([
    ['chat, OpenAI', '/v1/chat/completions', (model: string) => ({ model, messages: [{ role: 'user', content: 'hi' }] })],
    ['chat, Anthropic', '/v1/messages', (model: string) => ({ model, max_tokens: 9, messages: [{ role: 'user', content: 'hi' }] })],
    ['embeddings', '/v1/embeddings', (model: string) => ({ model, input: 'hi' })],
  ] as const)('an unknown model (%s) is a 404 that stores and repeats nothing of the name', async (_name, path, body) => {
    for (const model of [planted.email.text, planted.secret.text, 'SECRET//NOFORN']) {
      const sent = await send(harness(), path, body(model));
      expect(sent.status, sent.text).toBe(404);
      expect(sent.text).not.toContain(model);
    }
    expect(reached(harness())).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stored = [harness().logs.join('\n'), tableText(join(home(), 'sovereign.db')), tableText(harness().gateway.services.auditLog.dbFile)];
    for (const text of stored) {
      expect(text).not.toContain(planted.email.text);
      expect(text).not.toContain(planted.secret.probe);
      expect(text).not.toContain('NOFORN');
    }
  });

  it.each([planted.email.text, planted.secret.text, 'SECRET-NOFORN', 'order-4711-anna'])('x-request-id %j is replaced, never stored or echoed', async (requestId) => {
    const sent = await send(harness(), '/v1/chat/completions', { model: 'chat', messages: [{ role: 'user', content: 'hi' }] }, { 'x-request-id': requestId });
    expect(sent.status).toBe(200);
    expect(sent.headers.get('x-request-id')).toMatch(/^req_[0-9a-z]+$/);
    expect(sent.text).not.toContain(requestId);
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const text of [harness().logs.join('\n'), tableText(join(home(), 'sovereign.db')), readFileSync(harness().gateway.services.auditLog.dbFile).toString('latin1')]) {
      expect(text).not.toContain(requestId);
    }
  });

  it('keeps a UUID request id, in lower case, everywhere', async () => {
    const sent = await send(harness(), '/v1/chat/completions', { model: 'chat', messages: [{ role: 'user', content: 'hi' }] }, { 'x-request-id': 'A1B2C3D4-0000-4000-8000-00000000BEEF' });
    expect(sent.headers.get('x-request-id')).toBe('a1b2c3d4-0000-4000-8000-00000000beef');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(tableText(join(home(), 'sovereign.db'))).toContain('a1b2c3d4-0000-4000-8000-00000000beef');
  });
});

describe('evasion: redaction covers every text the profile saw, or nothing is sent', () => {
  const harness = useEvasionGateway({
    policies: [{ name: 'redact-personal', when: 'profile.hasPersonalData', actions: ['redact'] }],
  });

  const email = planted.email.text;
  const placements: Array<[string, Dialect, Record<string, unknown>]> = [
    ['user', 'openai', openaiPlacements.user!(email)],
    ['an unknown top-level field', 'openai', openaiPlacements['an unknown top-level field']!(email)],
    ['an object key', 'openai', openaiPlacements['an object key']!(email)],
    ['a tool parameter name', 'openai', openaiPlacements['a tool parameter name']!(email)],
    ['tool-call arguments (JSON in a string)', 'openai', openaiPlacements['tool-call arguments (JSON in a string)']!(email)],
    ['a message name', 'openai', openaiPlacements['a message name']!(email)],
    ['metadata.user_id', 'anthropic', anthropicPlacements['metadata.user_id']!(email)],
    ['tool_use.input, nested', 'anthropic', anthropicPlacements['tool_use.input, nested']!(email)],
    ['an unknown key in a system block', 'anthropic', anthropicPlacements['an unknown key in a system block']!(email)],
    ['stop_sequences', 'anthropic', anthropicPlacements.stop_sequences!(email)],
  ];

  it.each(placements.flatMap(([name, dialect, extra]) => [false, true].map((stream) => [`${dialect}: ${name}${stream ? ', streamed' : ''}`, dialect, extra, stream] as const)))(
    '%s: the provider receives the placeholder, never the value',
    async (_name, dialect, extra, stream) => {
      const body = dialect === 'openai' ? openaiBase(extra, stream) : anthropicBase(extra, stream);
      const sent = await send(harness(), dialect === 'openai' ? '/v1/chat/completions' : '/v1/messages', body);
      expect(sent.status, sent.text).toBe(200);
      expect(receivedBy(harness(), email)).toEqual([]);
      expect(receivedBy(harness(), '[EMAIL_1]')).toEqual([sent.provider]);
    },
  );

  it.each([
    ['a card number sent as a JSON number', { x_account: 4111111111111111 }],
    ['a card number as a number inside tool-call arguments', {
      messages: [
        { role: 'user', content: 'Pay.' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'pay', arguments: '{"card":4111111111111111}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'ok' },
      ],
    }],
  ])('refuses %s, which cannot be replaced by a token, naming the policy', async (_name, extra) => {
    const sent = await send(harness(), '/v1/chat/completions', openaiBase(extra, false));
    expect(sent.status, sent.text).toBe(403);
    expect((JSON.parse(sent.text) as { error: { message: string } }).error.message).toContain('redact-personal');
    expect(reached(harness())).toEqual([]);
  });
});

describe('evasion: the pass-through path relays only the text that was profiled', () => {
  let harness: TestGateway;
  let echo: EchoProvider;
  beforeAll(async () => {
    echo = await startEchoProvider();
    harness = await startTestGateway({ providers: [echo.entry('echo-de', 'sk-echo-provider-key')] });
  });
  afterAll(async () => {
    await harness.close();
    await echo.close();
  });

  it('relays the client\'s own text when every number in it reads back exactly', async () => {
    const text = '{"model":"echo","messages":[{"role":"user","content":"hi"}],  "x_note":{"a":[1,2.5,"\\u00e9"]}}';
    const sent = await send(harness, '/v1/chat/completions', text);
    expect(sent.status, sent.text).toBe(200);
    expect(echo.received.at(-1)!.text).toBe(text);
  });

  it.each([
    ['an integer past 2^53', '12345678901234567890', '12345678901234567000'],
    ['a number with an exponent', '4.111111111111111111e18', '4111111111111111000'],
  ])('sends the value it profiled, not the text, for %s', async (_name, written, parsed) => {
    const sent = await send(harness, '/v1/chat/completions', `{"model":"echo","messages":[{"role":"user","content":"hi"}],"x_account":${written}}`);
    expect(sent.status, sent.text).toBe(200);
    const relayed = echo.received.at(-1)!.text;
    expect(relayed).not.toContain(written);
    expect(relayed).toContain(`"x_account":${parsed}`);
  });
});
