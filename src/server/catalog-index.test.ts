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

describe('createCatalogIndex: names a pattern serves', () => {
  const patterned = createCatalogIndex([
    ...entries({
      id: 'anthropic-us',
      adapter: 'anthropic',
      tier: 'cloud',
      jurisdiction: 'US',
      operator: { name: 'Anthropic', country: 'US' },
      baseUrl: 'http://127.0.0.1:9/v1',
      models: [
        { name: 'claude-opus-5-5', patterns: ['claude-*'], price: { input: 1, output: 1 } },
        { name: 'embedder', patterns: ['embed-*'], price: { input: 1, output: 0 }, capabilities: { tools: false, vision: false, json: false, embeddings: true } },
      ],
    }),
  ]);

  it.each(['claude-opus-5-5', 'claude-sonnet-4-5-20250929', 'claude-3-5-haiku-latest', 'claude-sonnet-4-5@20250929'])('knows %j for chat (Claude Code sends its own default)', (name) => {
    expect(patterned.knowsModel('chat', name)).toBe(true);
    expect(patterned.findModel(name)).toEqual({ id: name, providers: ['anthropic-us'] });
  });

  it.each([
    ['not the pattern', 'gpt-5'],
    ['personal data', 'claude-anna.schmidt@example.de'],
    ['a credential', 'claude-sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD'],
    ['a classification marking', 'claude-SECRET//NOFORN'],
    ['too long', `claude-${'x'.repeat(256)}`],
  ])('refuses a name with %s: %j', (_why, name) => {
    expect(patterned.knowsModel('chat', name)).toBe(false);
    expect(patterned.findModel(name)).toBeUndefined();
  });

  it('serves a pattern on the endpoint its model is made for, and only there', () => {
    expect(patterned.knowsModel('embeddings', 'embed-small')).toBe(true);
    expect(patterned.findModel('embed-small')).toEqual({ id: 'embed-small', providers: ['anthropic-us'] });
    expect(patterned.knowsModel('chat', 'embed-small')).toBe(false);
    expect(patterned.knowsModel('embeddings', 'claude-opus-5-1')).toBe(false);
    expect(patterned.knowsModel('embeddings', 'embed-anna.schmidt@example.de')).toBe(false);
  });
});
