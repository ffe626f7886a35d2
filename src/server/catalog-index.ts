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
 * start-up: the model list and the ingress's check of model names read it (routing goes through the router).
 */
export interface CatalogIndex {
  readonly entries: readonly CatalogEntry[];
  /** Every public model name, with the provider ids serving it. */
  publicModels(): Array<{ id: string; providers: string[] }>;
  /**
   * Whether a client may ask for `name` on an endpoint: a model's name or alias, `auto` (chat), or
   * `provider-id/name` (the router's pinned form). Anything else is refused before it is stored anywhere.
   */
  knowsModel(endpoint: 'chat' | 'embeddings', name: string): boolean;
}

export function createCatalogIndex(entries: CatalogEntry[]): CatalogIndex {
  const chat = new Map<string, CatalogEntry[]>();
  const embedding = new Map<string, CatalogEntry[]>();
  const add = (map: Map<string, CatalogEntry[]>, name: string, entry: CatalogEntry) => {
    const list = map.get(name);
    if (list) list.push(entry);
    else map.set(name, [entry]);
  };
  const known = { chat: new Set<string>(), embeddings: new Set<string>() };
  for (const entry of entries) {
    const isEmbedding = entry.model.capabilities.embeddings;
    const target = isEmbedding ? embedding : chat;
    const names = known[isEmbedding ? 'embeddings' : 'chat'];
    for (const name of [entry.model.name, ...entry.model.aliases]) {
      add(target, name, entry);
      names.add(name).add(`${entry.provider.id}/${name}`);
    }
    if (!isEmbedding) {
      add(chat, 'auto', entry);
      names.add('auto');
    }
  }
  return {
    entries,
    knowsModel: (endpoint, name) => known[endpoint].has(name),
    publicModels() {
      const models: Array<{ id: string; providers: string[] }> = [];
      for (const map of [chat, embedding]) {
        for (const [id, list] of map) models.push({ id, providers: [...new Set(list.map((entry) => entry.provider.id))] });
      }
      return models;
    },
  };
}
