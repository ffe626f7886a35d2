import type { ModelEntry, ProviderEntry } from '../core/catalog/catalog-schema.ts';
import type { ProviderAdapter } from '../core/provider/adapter.ts';

/** One servable provider/model pair with its adapter. */
export interface CatalogEntry {
  provider: ProviderEntry;
  model: ModelEntry;
  adapter: ProviderAdapter;
}

/**
 * Provider/model pairs indexed by every name a client may use (model name, aliases, `auto`), built once at
 * start-up: the model list and embedding lookups read it (chat routing goes through the router).
 */
export interface CatalogIndex {
  readonly entries: readonly CatalogEntry[];
  /** Embedding candidates for a model name or alias. */
  lookupEmbedding(model: string): readonly CatalogEntry[];
  /** Every public model name, with the provider ids serving it. */
  publicModels(): Array<{ id: string; providers: string[] }>;
}

export function createCatalogIndex(entries: CatalogEntry[]): CatalogIndex {
  const chat = new Map<string, CatalogEntry[]>();
  const embedding = new Map<string, CatalogEntry[]>();
  const add = (map: Map<string, CatalogEntry[]>, name: string, entry: CatalogEntry) => {
    const list = map.get(name);
    if (list) list.push(entry);
    else map.set(name, [entry]);
  };
  for (const entry of entries) {
    const target = entry.model.capabilities.embeddings ? embedding : chat;
    for (const name of [entry.model.name, ...entry.model.aliases]) add(target, name, entry);
    if (!entry.model.capabilities.embeddings) add(chat, 'auto', entry);
  }
  const empty: readonly CatalogEntry[] = [];
  return {
    entries,
    lookupEmbedding: (model) => embedding.get(model) ?? empty,
    publicModels() {
      const models: Array<{ id: string; providers: string[] }> = [];
      for (const map of [chat, embedding]) {
        for (const [id, list] of map) models.push({ id, providers: [...new Set(list.map((entry) => entry.provider.id))] });
      }
      return models;
    },
  };
}
