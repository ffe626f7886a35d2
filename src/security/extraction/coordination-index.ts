import { createLshIndex } from './lsh-index.ts';
import { createMinHasher, signatureJaccard, type MinHashSignature } from './min-hash.ts';
import { createUnionFind } from './union-find.ts';

/** What keys can have in common. */
export const indicatorKinds = ['template', 'network', 'userAgent', 'system', 'toolset', 'vocabulary'] as const;
export type IndicatorKind = (typeof indicatorKinds)[number];

/** How much sharing one indicator says about two keys; two keys are joined once their evidence reaches 1. */
export const indicatorWeights: Readonly<Record<IndicatorKind, number>> = {
  /** The same prompt template (MinHash similarity of their window templates >= 0.6; 0.4 to 0.6 counts 0.6). */
  template: 1,
  /** The same /24 (IPv4) or /48 (IPv6) client network. */
  network: 0.5,
  userAgent: 0.25,
  /** The same system prompt, exactly. */
  system: 0.35,
  /** The same set of tool names. */
  toolset: 0.25,
  /**
   * Most of the key's prompts speak the vocabulary (recurring phrasings) of a group that already has an action:
   * decided by the detector, which links the key with {@link CoordinationIndex.link}.
   */
  vocabulary: 1,
};

export interface CoordinationOptions {
  /**
   * An indicator shared by keys of more tenants than this is common (a popular client's user agent, a cloud
   * provider's egress network): it joins nobody. Default 64.
   */
  popularTenants?: number;
  /** Keys remembered per indicator value; default 128. */
  keysPerIndicator?: number;
  /** Values remembered per key and kind (a key rotating through proxies); default 32. */
  valuesPerKey?: number;
}

/** A group of keys joined by shared indicators. */
export interface KeyCluster {
  /** A stable name: the smallest key id of the group. */
  id: string;
  members: readonly string[];
}

interface IndicatorBucket {
  keys: string[];
  tenants: Set<string>;
}

interface PairEvidence {
  weights: Float32Array;
  total: number;
}

/** The signature size and bands of the template index: pairs above about 0.5 similarity meet in a bucket. */
export const templateSignatureSize = 64;
const templateShape = { bands: 16, rows: 4 };

/**
 * Finds keys that act together (the "hydra" pattern): every indicator a key shows (its window template, client
 * network, user agent, system prompt, tool set) is filed under its value; keys that share values accumulate
 * pair evidence by kind, and a pair whose evidence reaches 1 is joined (union-find). Templates are matched with
 * MinHash and LSH, so near-identical templates meet without comparing every pair. Incremental: each observation
 * touches only the keys filed under the same value.
 */
export function createCoordinationIndex(options: CoordinationOptions = {}) {
  const popularTenants = options.popularTenants ?? 64;
  const keysPerIndicator = options.keysPerIndicator ?? 128;
  const valuesPerKey = options.valuesPerKey ?? 32;
  const buckets = new Map<string, IndicatorBucket>();
  const valuesOf = new Map<string, Map<IndicatorKind, string[]>>();
  const pairs = new Map<string, PairEvidence>();
  const partners = new Map<string, Set<string>>();
  const clusters = createUnionFind<string>();
  const templates = createLshIndex<string>(templateShape);
  const signatures = new Map<string, MinHashSignature>();
  const minHasher = createMinHasher(templateSignatureSize);

  const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

  function addEvidence(a: string, b: string, kind: IndicatorKind, weight: number): void {
    const id = pairKey(a, b);
    let pair = pairs.get(id);
    if (!pair) {
      pairs.set(id, (pair = { weights: new Float32Array(indicatorKinds.length), total: 0 }));
      for (const [from, to] of [
        [a, b],
        [b, a],
      ] as const) {
        let set = partners.get(from);
        if (!set) partners.set(from, (set = new Set()));
        set.add(to);
      }
    }
    const slot = indicatorKinds.indexOf(kind);
    if (weight <= pair.weights[slot]!) return;
    pair.total += weight - pair.weights[slot]!;
    pair.weights[slot] = weight;
    if (pair.total >= 1 - 1e-6) clusters.union(a, b);
  }

  function remember(key: string, kind: IndicatorKind, value: string): boolean {
    let kinds = valuesOf.get(key);
    if (!kinds) valuesOf.set(key, (kinds = new Map()));
    let values = kinds.get(kind);
    if (!values) kinds.set(kind, (values = []));
    if (values.includes(value)) return false;
    values.push(value);
    if (values.length > valuesPerKey) values.shift();
    return true;
  }

  return {
    /** Records that `key` (of `tenant`) showed `value` of `kind`; pairs it with the other keys that showed it. */
    observe(key: string, tenant: string, kind: Exclude<IndicatorKind, 'template'>, value: string): void {
      if (!remember(key, kind, value)) return;
      const name = `${kind}:${value}`;
      let bucket = buckets.get(name);
      if (!bucket) buckets.set(name, (bucket = { keys: [], tenants: new Set() }));
      if (bucket.tenants.size <= popularTenants) bucket.tenants.add(tenant);
      if (bucket.tenants.size <= popularTenants) {
        for (const other of bucket.keys) if (other !== key) addEvidence(key, other, kind, indicatorWeights[kind]);
      }
      bucket.keys.push(key);
      if (bucket.keys.length > keysPerIndicator) bucket.keys.shift();
    },

    /** Files the key's window template (its recurring shingles); pairs it with keys whose template is similar. */
    observeTemplate(key: string, template: Uint32Array): void {
      if (!valuesOf.has(key)) valuesOf.set(key, new Map());
      if (template.length < 3) {
        templates.remove(key);
        signatures.delete(key);
        return;
      }
      const signature = minHasher.signature(template);
      signatures.set(key, signature);
      for (const other of templates.insert(key, signature)) {
        const otherSignature = signatures.get(other);
        if (!otherSignature) continue;
        const similarity = signatureJaccard(signature, otherSignature);
        if (similarity >= 0.6) addEvidence(key, other, 'template', indicatorWeights.template);
        else if (similarity >= 0.4) addEvidence(key, other, 'template', 0.6 * indicatorWeights.template);
      }
    },

    /** Adds evidence of `kind` (at its full weight) that `key` acts with `other`, e.g. a vocabulary they share. */
    link(key: string, other: string, kind: IndicatorKind): void {
      if (key === other) return;
      if (!valuesOf.has(key)) valuesOf.set(key, new Map());
      addEvidence(key, other, kind, indicatorWeights[kind]);
    },

    /** The key's group when it has at least one other member. */
    clusterOf(key: string): KeyCluster | undefined {
      const members = clusters.members(key);
      if (members.length < 2) return undefined;
      let id = members[0]!;
      for (const member of members) if (member < id) id = member;
      return { id, members };
    },

    /** The representative of the key's group (the key itself when alone): stable until the groups change. */
    root(key: string): string {
      return clusters.find(key);
    },

    /** How many of the key's partners in its group it shares each kind of indicator with. */
    sharedKinds(key: string): Record<IndicatorKind, number> {
      const counts = Object.fromEntries(indicatorKinds.map((kind) => [kind, 0])) as Record<IndicatorKind, number>;
      const root = clusters.find(key);
      for (const other of partners.get(key) ?? []) {
        if (clusters.find(other) !== root) continue;
        const pair = pairs.get(pairKey(key, other))!;
        indicatorKinds.forEach((kind, slot) => {
          if (pair.weights[slot]! > 0) counts[kind]++;
        });
      }
      return counts;
    },

    /**
     * Forgets keys that are no longer active and rebuilds the groups from the remaining pair evidence, so groups
     * can split again once their links age out.
     */
    rebuild(isActive: (key: string) => boolean): void {
      for (const key of [...valuesOf.keys()]) {
        if (isActive(key)) continue;
        valuesOf.delete(key);
        templates.remove(key);
        signatures.delete(key);
        for (const other of partners.get(key) ?? []) {
          pairs.delete(pairKey(key, other));
          partners.get(other)?.delete(key);
        }
        partners.delete(key);
      }
      for (const bucket of buckets.values()) bucket.keys = bucket.keys.filter((key) => valuesOf.has(key));
      for (const [name, bucket] of buckets) if (bucket.keys.length === 0) buckets.delete(name);
      clusters.clear();
      for (const [id, pair] of pairs) {
        if (pair.total < 1 - 1e-6) continue;
        const [a, b] = id.split('\u0000') as [string, string];
        clusters.union(a, b);
      }
    },

    /** Sizes, for statistics. */
    stats(): { keys: number; pairs: number; groups: number; indicators: number } {
      return { keys: valuesOf.size, pairs: pairs.size, groups: clusters.groups, indicators: buckets.size };
    },
  };
}

export type CoordinationIndex = ReturnType<typeof createCoordinationIndex>;
