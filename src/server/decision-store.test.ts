import { describe, expect, it } from 'vitest';
import { modelSchema, providerSchema } from '../core/catalog/catalog-schema.ts';
import type { ProviderAdapter } from '../core/provider/adapter.ts';
import { createMemoryDecisionRepository } from '../store/decision-repository.ts';
import { createMemoryDecisionStore, createSharedDecisionStore, describeDecision } from './decision-store.ts';
import type { RouteCandidate, RouteDecision } from './pipeline/context.ts';

function decision(id: string): RouteDecision {
  return { id, requestId: `req_${id}`, createdAt: '2026-03-14T10:00:00.000Z', tenant: 'acme', requestedModel: 'auto', strategy: 'cheapest', candidates: [], attempts: [] };
}

describe('decision stores', () => {
  it('a memory store explains only its own decisions, as they are now', async () => {
    const store = createMemoryDecisionStore(2);
    const made = decision('dec_a');
    store.put(made);
    made.attempts.push({ providerId: 'sim', model: 'm', outcome: 'ok' });
    expect((await store.find('dec_a'))?.view).toMatchObject({ id: 'dec_a', tenant: 'acme', attempts: [{ providerId: 'sim', outcome: 'ok' }] });
    store.put(decision('dec_b'));
    store.put(decision('dec_c'));
    expect(await store.find('dec_a')).toBeUndefined();
  });

  it('a shared store lets another instance explain a decision once its request is over, in its final form', async () => {
    const repository = createMemoryDecisionRepository();
    const first = createSharedDecisionStore({ repository });
    const second = createSharedDecisionStore({ repository });
    const made = decision('dec_shared');
    first.put(made);
    expect(await second.find('dec_shared')).toBeUndefined();
    made.attempts.push({ providerId: 'sim-a', model: 'm', outcome: 'error', code: 'upstream_error', error: 'boom' });
    made.attempts.push({ providerId: 'sim-b', model: 'm', outcome: 'ok' });
    first.settle(made);
    await first.close();
    const found = await second.find('dec_shared');
    expect(found?.tenant).toBe('acme');
    expect((found?.view as { attempts: unknown[] }).attempts).toHaveLength(2);
    await second.close();
  });

  it('reports a failed write and keeps the decision explainable where it was made', async () => {
    const errors: unknown[] = [];
    const failing = { ...createMemoryDecisionRepository(), insertBatch: () => Promise.reject(new Error('database down')) };
    const store = createSharedDecisionStore({ repository: failing, onError: (error) => errors.push(error) });
    const made = decision('dec_local');
    store.put(made);
    store.settle(made);
    await store.close();
    expect(errors).toEqual([expect.objectContaining({ message: 'database down' })]);
    expect((await store.find('dec_local'))?.view).toMatchObject({ id: 'dec_local' });
  });
});

function candidate(extra: Record<string, unknown>, modelExtra: Record<string, unknown> = {}): RouteCandidate {
  const provider = providerSchema.parse({
    id: 'onprem-de',
    adapter: 'ollama',
    tier: 'local',
    jurisdiction: 'DE',
    operator: { name: 'Example Corp', country: 'DE' },
    models: [{ name: 'llama' }],
    ...extra,
  });
  const model = modelSchema.parse({ name: 'llama', ...modelExtra });
  return { providerId: provider.id, provider, model, upstreamModel: 'llama', adapter: {} as ProviderAdapter, score: 1, estimatedCostUsd: 0.001 };
}

function decisionWith(candidates: RouteCandidate[]): RouteDecision {
  return { id: 'd_1', requestId: 'req_1', createdAt: '2026-12-01T00:00:00.000Z', tenant: 'default', requestedModel: 'auto', strategy: 'cheapest', candidates, attempts: [] };
}

describe('describeDecision', () => {
  it('names the region, hardware and model family of each candidate when the catalog gives them', () => {
    const described = describeDecision(decisionWith([candidate({ region: 'de-fra-dc1', hardware: '2x NVIDIA L40S' }, { family: 'llama-3.1' })]));
    expect(described.candidates).toEqual([
      {
        rank: 1,
        provider: 'onprem-de',
        model: 'llama',
        family: 'llama-3.1',
        upstream_model: 'llama',
        tier: 'local',
        jurisdiction: 'DE',
        region: 'de-fra-dc1',
        hardware: '2x NVIDIA L40S',
        operator: { name: 'Example Corp', country: 'DE' },
        score: 1,
        estimated_cost_usd: 0.001,
      },
    ]);
  });

  it('leaves them out when the catalog does not', () => {
    const [described] = describeDecision(decisionWith([candidate({})])).candidates as Array<Record<string, unknown>>;
    expect(Object.keys(described!)).not.toContain('region');
    expect(Object.keys(described!)).not.toContain('hardware');
    expect(Object.keys(described!)).not.toContain('family');
  });
});
