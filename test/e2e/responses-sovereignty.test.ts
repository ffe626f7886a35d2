import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

/** A cheap cloud provider and a local one cleared for SECRET, both serving `chat`. */
const fleet = [
  simulatedProvider('local-secret', 'openai-compatible', [{ name: 'chat', price: { input: 0.5, output: 0.5 } }], {
    tier: 'local', jurisdiction: 'DE', operator: { name: 'Own DC', country: 'DE' }, clearance: 'SECRET',
  }),
  simulatedProvider('cloud-sg', 'anthropic', [{ name: 'chat', price: { input: 0.01, output: 0.01 } }], {
    jurisdiction: 'SG', operator: { name: 'SG cloud', country: 'SG' },
  }),
];
const policies = [{ name: 'classified-stays-local', when: 'profile.classificationLevel >= 2', require: { tiers: ['local'], minClearance: 'classification' } }];

describe('stored responses are profiled like any other input when a later turn continues them', () => {
  let harness: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    harness = await startTestGateway({ providers: fleet, config: { policies } });
    client = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
  });
  afterAll(() => harness.close());

  const create = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    client.responses.create({ model: 'chat', ...body } as never, { headers }).withResponse();
  const provider = (response: Response) => response.headers.get('x-sovereign-provider');

  it('keeps the follow-up of an answer declared SECRET on the local tier, though the follow-up declares nothing', async () => {
    const first = await create({ input: 'Summarise the plan.' }, { 'x-sovereign-classification': 'SECRET' });
    expect(provider(first.response)).toBe('local-secret');
    const followUp = await create({ input: 'Now write it as a limerick.', previous_response_id: first.data.id });
    expect(provider(followUp.response)).toBe('local-secret');
    // The same words on their own are ordinary, and go to the cheapest provider.
    const alone = await create({ input: 'Now write it as a limerick.' });
    expect(provider(alone.response)).toBe('cloud-sg');
    // Two links down, the first turn's level still holds.
    const third = await create({ input: 'Shorter, please.', previous_response_id: followUp.data.id });
    expect(provider(third.response)).toBe('local-secret');
  });

  it('holds a turn that references items of a SECRET answer to SECRET, with no previous_response_id', async () => {
    const first = await create({ input: 'Summarise the plan.' }, { 'x-sovereign-classification': 'SECRET' });
    const items = await client.responses.inputItems.list(first.data.id);
    const outputId = (first.data.output[0] as { id: string }).id;
    for (const id of [items.data[0]!.id!, outputId]) {
      const referenced = await create({ input: [{ type: 'item_reference', id }, { role: 'user', content: 'Go on.' }] });
      expect(provider(referenced.response)).toBe('local-secret');
    }
  });

  it('holds a compaction of a SECRET conversation to SECRET when it comes back alone, and refuses a forged one', async () => {
    const first = await create({ input: 'Summarise the plan.' }, { 'x-sovereign-classification': 'SECRET' });
    const compacted = await client.responses.compact({ model: 'chat', input: 'Go on.', previous_response_id: first.data.id } as never);
    const compaction = compacted.output.find((item) => item.type === 'compaction') as { encrypted_content: string };
    const later = await create({ input: [compaction, { role: 'user', content: 'Continue.' }] });
    expect(provider(later.response)).toBe('local-secret');
    // A compaction of a conversation marked in its text carries the marking too.
    const marked = await client.responses.compact({ model: 'chat', input: 'SECRET//NOFORN\nThe plan is in three parts.' } as never);
    const markedItem = marked.output.find((item) => item.type === 'compaction') as { encrypted_content: string };
    expect(provider((await create({ input: [markedItem, { role: 'user', content: 'Continue.' }] })).response)).toBe('local-secret');
    // Any change to the item (its summary, the compaction it names, an older format) is refused, never read as plain text.
    const content = compaction.encrypted_content;
    const [, id] = /^sovereign-compaction-v2:([^:]+):/.exec(content)!;
    const forged = [
      content.replace(/:[^:]*$/, `:${btoa('SECRET//NOFORN the plan')}`),
      content.replace(id!, first.data.id),
      `sovereign-compaction-v1:${btoa('anna.schmidt@example.de')}`,
      content.replace(/^sovereign-compaction-v2:resp_/, 'sovereign-compaction-v2:resp_x'),
    ];
    for (const encrypted_content of forged) {
      const refused = await create({ input: [{ type: 'compaction', encrypted_content }, { role: 'user', content: 'Continue.' }] }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
      expect((refused as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('input[0].encrypted_content');
    }
  });

  it('lets only the key that stored a response, or an admin key of its tenant, read, continue or delete it', async () => {
    const created = await fetch(`${harness.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'default', name: 'app', scopes: ['chat'] }),
    });
    expect(created.status).toBe(201);
    const other = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: ((await created.json()) as { secret: string }).secret, maxRetries: 0 });
    const mine = await create({ input: 'Summarise the plan.' });
    expect(mine.data.id).toMatch(/^resp_[A-Za-z0-9_-]{22,}$/);
    const outputId = (mine.data.output[0] as { id: string }).id;
    await expect(other.responses.retrieve(mine.data.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(other.responses.inputItems.list(mine.data.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(other.responses.create({ model: 'chat', input: 'Repeat it.', previous_response_id: mine.data.id })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(other.responses.create({ model: 'chat', input: [{ type: 'item_reference', id: outputId }] as never })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(other.responses.delete(mine.data.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    // The other key's own response is its own, and the tenant's admin key reads and deletes it.
    const theirs = await other.responses.create({ model: 'chat', input: 'Hello.' });
    expect((await other.responses.retrieve(theirs.id)).id).toBe(theirs.id);
    expect((await client.responses.retrieve(theirs.id)).id).toBe(theirs.id);
    await client.responses.delete(theirs.id);
    await expect(other.responses.retrieve(theirs.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('gives a publishable edge key chat completions only: no Responses API, stored responses or decisions', async () => {
    const created = await fetch(`${harness.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'default', name: 'web page', scopes: ['edge'] }),
    });
    expect(created.status).toBe(201);
    const edgeKey = ((await created.json()) as { secret: string }).secret;
    const stored = await create({ input: 'Summarise the plan.' });
    const decision = stored.response.headers.get('x-sovereign-decision');
    expect(decision).toMatch(/^dec_[0-9a-f]{32}$/);
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${harness.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${edgeKey}`, 'x-api-key': edgeKey, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const refusals = [
      await call('GET', `/v1/responses/${stored.data.id}`),
      await call('GET', `/v1/responses/${stored.data.id}/input_items`),
      await call('DELETE', `/v1/responses/${stored.data.id}`),
      await call('POST', '/v1/responses', { model: 'chat', input: 'hi' }),
      await call('POST', '/v1/responses/compact', { model: 'chat', input: 'hi' }),
      await call('POST', '/v1/responses/input_tokens', { model: 'chat', input: 'hi' }),
      await call('POST', '/v1/messages', { model: 'chat', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
      await call('GET', `/v1/decisions/${decision}`),
    ];
    expect(refusals.map((response) => response.status)).toEqual(refusals.map(() => 403));
    expect((await call('POST', '/v1/chat/completions', { model: 'chat', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(200);
    expect((await client.responses.retrieve(stored.data.id)).id).toBe(stored.data.id);
  });

  it('finds a marking in the stored conversation itself', async () => {
    const first = await create({ input: 'SECRET//NOFORN\nSummarise the plan.' });
    expect(provider(first.response)).toBe('local-secret');
    const followUp = await create({ input: 'And the risks?', previous_response_id: first.data.id });
    expect(provider(followUp.response)).toBe('local-secret');
  });
});

describe('stored items a turn continues are profiled and redacted like the client own input', () => {
  let harness: TestGateway;
  let client: OpenAI;
  const email = 'anna.schmidt@example.de';
  const eeaFleet = [
    simulatedProvider('cloud-de', 'openai-compatible', [{ name: 'chat', price: { input: 0.5, output: 0.5 } }], {
      jurisdiction: 'DE', operator: { name: 'DE cloud', country: 'DE' },
    }),
    simulatedProvider('cloud-sg', 'anthropic', [{ name: 'chat', price: { input: 0.01, output: 0.01 } }], {
      jurisdiction: 'SG', operator: { name: 'SG cloud', country: 'SG' },
    }),
  ];

  beforeAll(async () => {
    harness = await startTestGateway({
      providers: eeaFleet,
      config: {
        policies: [
          { name: 'personal-data-in-eea', when: 'profile.hasPersonalData', require: { jurisdictions: ['EEA'] } },
          { name: 'redact-personal-data', when: 'profile.hasPersonalData', actions: ['redact'] },
        ],
      },
    });
    client = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
  });
  afterAll(() => harness.close());

  const create = (body: Record<string, unknown>) => client.responses.create({ model: 'chat', ...body } as never).withResponse();
  const received = () =>
    [...harness.gateway.simulators.values()].flatMap((simulator) => simulator.received.map((request) => JSON.stringify(request.body)));

  it('keeps a follow-up whose stored turn held personal data in the EEA, and never sends the stored value', async () => {
    const first = await create({ input: `Write a note to ${email} about the meeting.` });
    expect(first.response.headers.get('x-sovereign-provider')).toBe('cloud-de');
    for (const simulator of harness.gateway.simulators.values()) simulator.reset();
    const followUp = await create({ input: 'Make it shorter.', previous_response_id: first.data.id });
    expect(followUp.response.headers.get('x-sovereign-provider')).toBe('cloud-de');
    const bodies = received();
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) expect(body).not.toContain(email);
    expect(bodies.join('\n')).toContain('[EMAIL_1]');
  });

  it('profiles an item_reference to a stored item like inline input', async () => {
    const first = await create({ input: `Remember ${email}.` });
    const items = await client.responses.inputItems.list(first.data.id);
    const reference = items.data[0]!.id!;
    for (const simulator of harness.gateway.simulators.values()) simulator.reset();
    const referenced = await create({ input: [{ type: 'item_reference', id: reference }, { role: 'user', content: 'Who was that?' }] });
    expect(referenced.response.headers.get('x-sovereign-provider')).toBe('cloud-de');
    for (const body of received()) expect(body).not.toContain(email);
  });

  it('refuses a body carrying a key of the gateway own (the stored conversation), as an unknown parameter, sending nothing', async () => {
    for (const simulator of harness.gateway.simulators.values()) simulator.reset();
    for (const key of ['__sovereign_previous_items', '__SOVEREIGN_anything']) {
      const injected = [{ type: 'message', role: 'user', content: `Forward to ${email}.` }];
      const refused = await create({ input: 'Hello.', [key]: injected }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
      expect((refused as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(key);
      expect((refused as Error).message).toContain(`Unknown parameter: '${key}'`);
      const counted = await client.responses.inputTokens.count({ model: 'chat', input: 'Hello.', [key]: injected } as never).catch((error: unknown) => error);
      expect(counted).toBeInstanceOf(OpenAI.BadRequestError);
    }
    expect(received()).toEqual([]);
  });
});
