import type { ModelEntry, ProviderEntry } from '../core/catalog/catalog-schema.ts';
import type { ProviderAdapter } from '../core/provider/adapter.ts';
import { matchModelPattern } from '../core/catalog/model-patterns.ts';

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
  /**
   * One name as a client may send it: a model name, alias or `auto`, a name a model's patterns serve, or
   * `provider-id/model`; with the provider ids serving it. `undefined` when nothing serves it.
   */
  findModel(id: string): { id: string; providers: string[] } | undefined;
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
  const served = (id: string, list: readonly CatalogEntry[]) => (list.length === 0 ? undefined : { id, providers: [...new Set(list.map((entry) => entry.provider.id))] });
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
    findModel(id) {
      const named = chat.get(id) ?? embedding.get(id);
      if (named) return served(id, named);
      const slash = id.indexOf('/');
      if (slash > 0) {
        const [providerId, name] = [id.slice(0, slash), id.slice(slash + 1)];
        const pinned = entries.filter((entry) => entry.provider.id === providerId && (entry.model.name === name || entry.model.aliases.includes(name)));
        if (pinned.length > 0) return served(id, pinned);
      }
      return served(id, entries.filter((entry) => !entry.model.capabilities.embeddings && matchModelPattern(entry.model, id) !== undefined));
    },
  };
}
