import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

describe('refusals are explainable like routed requests', () => {
  let harness: TestGateway;

  beforeAll(async () => {
    harness = await startTestGateway({
      providers: [simulatedProvider('sim-us', 'openai-compatible', ['chat-model'], { jurisdiction: 'US', operator: { name: 'US Inc', country: 'US' } })],
      config: {
        policies: [
          { name: 'block-secrets', when: 'profile.hasSecrets', actions: ['block'] },
          { name: 'classified-stays-local', when: 'profile.classificationLevel >= 2', require: { tiers: ['local'] } },
        ],
      },
    });
  });
  afterAll(() => harness.close());

  async function ask(content: string, key = harness.apiKey): Promise<Response> {
    return fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'chat-model', messages: [{ role: 'user', content }] }),
    });
  }

  async function decision(id: string): Promise<Record<string, unknown>> {
    const response = await fetch(`${harness.url}/v1/decisions/${id}`, { headers: { authorization: `Bearer ${harness.apiKey}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  }

  it('a request blocked by a policy action gets a decision id, a header and a stored decision naming the policy', async () => {
    const response = await ask('my key is sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD');
    expect(response.status).toBe(403);
    const id = response.headers.get('x-sovereign-decision');
    expect(id).toMatch(/^dec_/);
    const stored = await decision(id!);
    expect(stored).toMatchObject({ id, requested_model: 'chat-model', candidates: [], refusal: { code: 'policy_denied', status: 403, policies: ['block-secrets'] } });
  });

  it('a request no compliant provider may serve gets the router\'s explanation: each candidate excluded and why', async () => {
    const response = await ask('TOP SECRET//SCI\nSummarise.');
    expect(response.status).toBe(403);
    const stored = await decision(response.headers.get('x-sovereign-decision')!);
    expect(stored.refusal).toMatchObject({ code: 'policy_denied', policies: ['classified-stays-local'] });
    expect(stored.excluded).toEqual([expect.objectContaining({ providerId: 'sim-us', reasons: [expect.objectContaining({ policy: 'classified-stays-local' })] })]);
    expect(String(stored.explanation)).toContain('classified-stays-local');
  });

  it('an unknown model is explained too; an unauthenticated request is not (nobody to show it to)', async () => {
    const unknown = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.apiKey}` },
      body: JSON.stringify({ model: 'no-such-model', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(unknown.status).toBe(404);
    expect((await decision(unknown.headers.get('x-sovereign-decision')!)).refusal).toMatchObject({ code: 'model_not_found' });
    const stranger = await ask('Hi', 'sk-wrong');
    expect(stranger.status).toBe(401);
    expect(stranger.headers.get('x-sovereign-decision')).toBeNull();
  });
});
