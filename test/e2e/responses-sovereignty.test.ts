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
});
