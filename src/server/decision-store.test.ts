import { describe, expect, it } from 'vitest';
import { modelSchema, providerSchema } from '../core/catalog/catalog-schema.ts';
import type { ProviderAdapter } from '../core/provider/adapter.ts';
import { describeDecision } from './decision-store.ts';
import type { RouteCandidate, RouteDecision } from './pipeline/context.ts';

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
