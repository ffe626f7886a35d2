import type { ModelEntry, ProviderEntry } from '../core/catalog/catalog-schema.ts';
import type { ProviderAdapter } from '../core/provider/adapter.ts';
import { matchModelPattern } from '../core/catalog/model-patterns.ts';
import { detectFindings } from '../core/profile/detect-findings.ts';

/** One servable provider/model pair with its adapter. */
export interface CatalogEntry {
  provider: ProviderEntry;
  model: ModelEntry;
  adapter: ProviderAdapter;
}

/**
 * Provider/model pairs indexed by every name a client may use (model name, aliases, `auto`, patterns), built once at
 * start-up: the model list and the ingress's check of model names read it (routing goes through the router).
 */
export interface CatalogIndex {
  readonly entries: readonly CatalogEntry[];
  /** Every public model name, with the provider ids serving it. */
  publicModels(): Array<{ id: string; providers: string[] }>;
  /**
   * Whether a client may ask for `name` on an endpoint: a model's name or alias, `auto` (chat), a name the patterns
   * of a model made for that endpoint serve, or `provider-id/name` (the router's pinned form). Anything else is refused before it is
   * stored anywhere. A name a pattern serves is sent and stored as the client wrote it, so it is accepted only when
   * it could be a model's name: at most 256 characters, no personal data, credential or classification marking.
   */
  knowsModel(endpoint: 'chat' | 'embeddings', name: string): boolean;
  /**
   * One name as a client may send it: a model name, alias or `auto`, a name a model's patterns serve, or
   * `provider-id/model`; with the provider ids serving it. `undefined` when nothing serves it.
   */
  findModel(id: string): { id: string; providers: string[] } | undefined;
}

/** The longest model name a pattern may pass on (real names are far shorter). */
const maxPatternNameLength = 256;

/**
 * Whether a name carries what the profile detectors find (personal data, a credential, a classification marking),
 * alone or after any separator (`claude-sk-...`: the detectors want a value to start a word, a model name joins
 * its words with `-`).
 */
function carriesData(name: string): boolean {
  for (let start = 0; start < name.length; start++) {
    if (start > 0 && /[A-Za-z0-9]/.test(name[start - 1]!)) continue;
    if (detectFindings(name.slice(start)).length > 0) return true;
  }
  return false;
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
  // Models that serve names through patterns (the router matches the same ones: `candidate-index.ts`).
  const patterned = entries.filter((entry) => entry.model.patterns.length > 0);
  const servedByPattern = (name: string) =>
    patterned.length === 0 || name.length > maxPatternNameLength || carriesData(name) ? [] : patterned.filter((entry) => matchModelPattern(entry.model, name) !== undefined);
  const served = (id: string, list: readonly CatalogEntry[]) => (list.length === 0 ? undefined : { id, providers: [...new Set(list.map((entry) => entry.provider.id))] });
  return {
    entries,
    knowsModel: (endpoint, name) =>
      known[endpoint].has(name) || servedByPattern(name).some((entry) => entry.model.capabilities.embeddings === (endpoint === 'embeddings')),
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
      return served(id, servedByPattern(id));
    },
  };
}
