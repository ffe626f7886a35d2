import type { ModelEntry, ProviderEntry, Tier } from '../catalog/catalog-schema.ts';
import type { CompiledConstraint, ExpandJurisdiction } from '../policy/compile-constraint.ts';
import { providerFactsOf, type ProviderFacts, type ProviderFactsSource, type TransportFactsOf } from '../policy/provider-facts.ts';
import type { ProviderStats, ProviderStatsRecord } from './provider-stats.ts';
import { matchModelPattern } from '../catalog/model-patterns.ts';

/** One provider/model pair, with everything a decision reads precomputed. */
export interface Candidate {
  /** Position in the catalog-wide order (provider id, then model name): the deterministic tie-break. */
  readonly order: number;
  readonly providerId: string;
  /** Dense index of the provider, for per-decision caches. */
  readonly providerSlot: number;
  readonly model: string;
  readonly upstreamModel: string;
  readonly tier: Tier;
  readonly jurisdiction: string;
  readonly facts: ProviderFacts;
  /** USD per token. */
  readonly inputPrice: number;
  readonly outputPrice: number;
  readonly quality: number;
  readonly contextWindow: number;
  readonly tools: boolean;
  readonly vision: boolean;
  readonly json: boolean;
  readonly chat: boolean;
  /** Countries an export-controlled model may serve; `undefined` when not export-controlled. */
  readonly exportCountries: ReadonlySet<string> | undefined;
  readonly exportGroups: readonly string[];
  readonly stats: ProviderStatsRecord | undefined;
  /** The provider's configured latency (its `latency`, else its `simulated` figures), used until it has answered. */
  readonly priorTtftMs: number | undefined;
  readonly priorTokensPerSecond: number | undefined;
}

/**
 * The candidates for one requested name, with bit masks (one bit per candidate, 32 per word) precomputed for
 * capabilities and cached per constraint and per principal country, and scratch arrays reused by every
 * decision (decisions are synchronous, so nothing is shared between two of them).
 */
export interface CandidateGroup {
  readonly name: string;
  readonly candidates: readonly Candidate[];
  readonly words: number;
  readonly full: Uint32Array;
  readonly tools: Uint32Array;
  readonly vision: Uint32Array;
  readonly json: Uint32Array;
  readonly exportControlled: boolean;
  /** Replaced (not cleared: a WeakMap cannot be) when facts the constraints read change (see `forgetConstraintMasks`). */
  constraintMasks: WeakMap<CompiledConstraint, Uint32Array>;
  /** Intersections of whole constraint lists, by a hash of their ids (see `compliance-mask.ts`). */
  readonly combinedMasks: Map<number, { readonly ids: Int32Array; readonly mask: Uint32Array }>;
  readonly exportMasks: Map<string, Uint32Array>;
  /**
   * Expected latency of each candidate is `ttft[i] + outputTokens * perToken[i]` (ms), both already divided by
   * the success rate; refreshed from the provider statistics by the router when they change.
   */
  readonly ttft: Float64Array;
  readonly perToken: Float64Array;
  latencyVersion: number;
  latencyRefreshedAt: number;
  /** Positions sorted by input price, output price (ascending) and quality (descending): for threshold scans. */
  readonly byInputPrice: Int32Array;
  readonly byOutputPrice: Int32Array;
  readonly byQuality: Int32Array;
  /** Positions sorted by `ttft` and `perToken`, re-sorted whenever those are refreshed. */
  byTtft: Int32Array;
  byPerToken: Int32Array;
  /** Marks positions already visited by the current threshold scan (`seen[i] === seenStamp`). */
  readonly seen: Int32Array;
  seenStamp: number;
  /** Per candidate, by position: USD per input and output token, `quality.overall`, context window. */
  readonly inputPrices: Float64Array;
  readonly outputPrices: Float64Array;
  readonly qualities: Float64Array;
  readonly contextWindows: Float64Array;
  /** The smallest context window in the group: requests below it skip the per-candidate check. */
  readonly minContextWindow: number;
  readonly mask: Uint32Array;
  readonly eligible: Int32Array;
  readonly cost: Float64Array;
  readonly latency: Float64Array;
}

export interface CandidateIndex {
  readonly candidates: readonly Candidate[];
  readonly providerCount: number;
  /** The group for a model name, alias, `auto` (every chat model), `provider-id/model`, or a name a model's patterns serve. */
  group(name: string): CandidateGroup | undefined;
  /** Every name clients may ask for (names and aliases, plus `auto`). */
  names(): string[];
  /** Drops every cached constraint mask: the live facts constraints read (a provider's transport) changed. */
  forgetConstraintMasks(): void;
}

export function maskOf(candidates: readonly Candidate[], words: number, test: (candidate: Candidate) => boolean): Uint32Array {
  const mask = new Uint32Array(words);
  for (let index = 0; index < candidates.length; index++) {
    if (test(candidates[index]!)) mask[index >>> 5]! |= 1 << (index & 31);
  }
  return mask;
}

/** Positions `0..size-1` sorted by `compare`, ties by position. */
export function sortedPositions(size: number, compare: (a: number, b: number) => number): Int32Array {
  return Int32Array.from({ length: size }, (_, index) => index).sort((a, b) => compare(a, b) || a - b);
}

function createGroup(name: string, candidates: Candidate[]): CandidateGroup {
  candidates.sort((a, b) => a.order - b.order);
  const words = Math.max(1, Math.ceil(candidates.length / 32));
  const size = candidates.length;
  const identity = sortedPositions(size, () => 0);
  return {
    name,
    candidates,
    words,
    full: maskOf(candidates, words, () => true),
    tools: maskOf(candidates, words, (candidate) => candidate.tools),
    vision: maskOf(candidates, words, (candidate) => candidate.vision),
    json: maskOf(candidates, words, (candidate) => candidate.json),
    exportControlled: candidates.some((candidate) => candidate.exportCountries !== undefined),
    constraintMasks: new WeakMap(),
    combinedMasks: new Map(),
    exportMasks: new Map(),
    ttft: new Float64Array(size),
    perToken: new Float64Array(size),
    latencyVersion: -1,
    latencyRefreshedAt: Number.NEGATIVE_INFINITY,
    byInputPrice: sortedPositions(size, (a, b) => candidates[a]!.inputPrice - candidates[b]!.inputPrice),
    byOutputPrice: sortedPositions(size, (a, b) => candidates[a]!.outputPrice - candidates[b]!.outputPrice),
    byQuality: sortedPositions(size, (a, b) => candidates[b]!.quality - candidates[a]!.quality),
    byTtft: identity,
    byPerToken: identity,
    seen: new Int32Array(size),
    seenStamp: 0,
    inputPrices: Float64Array.from(candidates, (candidate) => candidate.inputPrice),
    outputPrices: Float64Array.from(candidates, (candidate) => candidate.outputPrice),
    qualities: Float64Array.from(candidates, (candidate) => candidate.quality),
    contextWindows: Float64Array.from(candidates, (candidate) => candidate.contextWindow),
    minContextWindow: candidates.reduce((smallest, candidate) => Math.min(smallest, candidate.contextWindow), Number.POSITIVE_INFINITY),
    mask: new Uint32Array(words),
    eligible: new Int32Array(size),
    cost: new Float64Array(size),
    latency: new Float64Array(size),
  };
}

function exportCountriesOf(model: ModelEntry, expand: ExpandJurisdiction): ReadonlySet<string> | undefined {
  if (!model.exportControlled) return undefined;
  const countries = new Set<string>();
  for (const group of model.exportGroups) {
    try {
      for (const country of expand(group)) countries.add(country);
    } catch {
      // An unknown export group admits nobody: fail closed.
    }
  }
  return countries;
}

/**
 * What the router reads of a provider: its facts, whether it is enabled, its models and its configured latency (if
 * any). A gateway's configured providers are routable as they are; the browser SDK adds the user's device, which has
 * no adapter.
 */
export type RoutableProvider = ProviderFactsSource & Pick<ProviderEntry, 'enabled' | 'models'> & Partial<Pick<ProviderEntry, 'latency' | 'simulated'>>;

/**
 * Indexes the catalog once: every enabled provider/model pair becomes a candidate, grouped by model name and
 * alias, plus `auto` (all chat models, unless a model is itself called `auto`).
 */
export function buildCandidateIndex(
  catalog: { readonly providers: readonly RoutableProvider[] },
  expandJurisdiction: ExpandJurisdiction,
  stats?: ProviderStats,
  transportOf?: TransportFactsOf,
): CandidateIndex {
  const providers = catalog.providers.filter((provider) => provider.enabled);
  const pairs: { provider: RoutableProvider; model: ModelEntry; providerSlot: number }[] = [];
  providers.forEach((provider, providerSlot) => {
    for (const model of provider.models) pairs.push({ provider, model, providerSlot });
  });
  pairs.sort((a, b) => compareText(a.provider.id, b.provider.id) || compareText(a.model.name, b.model.name));
  const factsByProvider = new Map(providers.map((provider) => [provider, providerFactsOf(provider, transportOf)]));
  const candidates: Candidate[] = pairs.map(({ provider, model, providerSlot }, order) => ({
    order,
    providerId: provider.id,
    providerSlot,
    model: model.name,
    upstreamModel: model.upstreamName ?? model.name,
    tier: provider.tier,
    jurisdiction: provider.jurisdiction,
    facts: factsByProvider.get(provider)!,
    inputPrice: model.price.input / 1_000_000,
    outputPrice: model.price.output / 1_000_000,
    quality: model.quality['overall'] ?? 0,
    contextWindow: model.contextWindow,
    tools: model.capabilities.tools,
    vision: model.capabilities.vision,
    json: model.capabilities.json,
    chat: !model.capabilities.embeddings,
    exportCountries: exportCountriesOf(model, expandJurisdiction),
    exportGroups: model.exportGroups,
    stats: stats?.record(provider.id),
    priorTtftMs: provider.latency?.ttftMs ?? provider.simulated?.ttftMs,
    priorTokensPerSecond: provider.latency?.tokensPerSecond ?? provider.simulated?.tokensPerSecond,
  }));

  const byName = new Map<string, Candidate[]>();
  const add = (name: string, candidate: Candidate): void => {
    const list = byName.get(name);
    if (list === undefined) byName.set(name, [candidate]);
    else if (list.at(-1) !== candidate) list.push(candidate);
  };
  candidates.forEach((candidate, order) => {
    const model = pairs[order]!.model;
    add(model.name, candidate);
    for (const alias of model.aliases) add(alias, candidate);
  });
  if (!byName.has('auto')) {
    const chat = candidates.filter((candidate) => candidate.chat);
    if (chat.length > 0) byName.set('auto', chat);
  }
  const groups = new Map<string, CandidateGroup>();
  for (const [name, list] of byName) groups.set(name, createGroup(name, list));

  // Names served through a model's patterns, cached up to a bound (clients may send any name).
  const patterned = new Map<string, CandidateGroup>();
  const patternGroup = (name: string): CandidateGroup | undefined => {
    const cached = patterned.get(name);
    if (cached !== undefined) return cached;
    // Chat and embedding models alike: the route stage keeps those made for the request's endpoint.
    const list = candidates.filter((candidate, order) => matchModelPattern(pairs[order]!.model, name) !== undefined);
    if (list.length === 0) return undefined;
    if (patterned.size >= 1024) patterned.clear();
    const group = createGroup(name, list);
    patterned.set(name, group);
    return group;
  };

  const pinned = new Map<string, CandidateGroup | undefined>();
  const pinnedGroup = (name: string): CandidateGroup | undefined => {
    if (pinned.has(name)) return pinned.get(name);
    const slash = name.indexOf('/');
    const providerId = name.slice(0, slash);
    const modelName = name.slice(slash + 1);
    const list = candidates.filter((candidate, order) => candidate.providerId === providerId
      && (candidate.model === modelName || pairs[order]!.model.aliases.includes(modelName)));
    const group = list.length === 0 ? undefined : createGroup(name, list);
    // Only names that exist are cached, so unknown names cannot grow the cache.
    if (group !== undefined) pinned.set(name, group);
    return group;
  };

  return {
    candidates,
    providerCount: providers.length,
    group: (name) => groups.get(name) ?? (name.includes('/') ? pinnedGroup(name) : undefined) ?? patternGroup(name),
    names: () => [...groups.keys()].sort(compareText),
    forgetConstraintMasks: () => {
      for (const group of [...groups.values(), ...pinned.values()]) {
        if (group === undefined) continue;
        group.constraintMasks = new WeakMap();
        group.combinedMasks.clear();
      }
    },
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
