import { describe, expect, it } from 'vitest';
import { providerSchema, type ProviderEntryInput } from '../core/catalog/catalog-schema.ts';
import type { ProviderAdapter } from '../core/provider/adapter.ts';
import { createCatalogIndex, type CatalogEntry } from './catalog-index.ts';

function entries(input: ProviderEntryInput): CatalogEntry[] {
  const provider = providerSchema.parse(input);
  return provider.models.map((model) => ({ provider, model, adapter: {} as ProviderAdapter }));
}

const catalog = createCatalogIndex([
  ...entries({
    id: 'local',
    adapter: 'openai-compatible',
    tier: 'local',
    jurisdiction: 'DE',
    operator: { name: 'Own', country: 'DE' },
    baseUrl: 'http://127.0.0.1:9/v1',
    models: [
      { name: 'llama', aliases: ['small'], price: { input: 1, output: 1 } },
      { name: 'embedder', price: { input: 1, output: 0 }, capabilities: { tools: false, vision: false, json: false, embeddings: true } },
    ],
  }),
]);

describe('createCatalogIndex: knowsModel', () => {
  it.each([
    ['chat', 'llama'],
    ['chat', 'small'],
    ['chat', 'auto'],
    ['chat', 'local/llama'],
    ['chat', 'local/small'],
    ['embeddings', 'embedder'],
    ['embeddings', 'local/embedder'],
  ] as const)('knows %s model %j', (endpoint, name) => {
    expect(catalog.knowsModel(endpoint, name)).toBe(true);
  });

  it.each([
    ['chat', 'embedder'],
    ['embeddings', 'llama'],
    ['embeddings', 'auto'],
    ['chat', 'LLAMA'],
    ['chat', 'llama '],
    ['chat', 'other/llama'],
    ['chat', 'anna@example.de'],
    ['chat', '__proto__'],
    ['chat', 'constructor'],
  ] as const)('does not know %s model %j', (endpoint, name) => {
    expect(catalog.knowsModel(endpoint, name)).toBe(false);
  });
});
