import { providerFactsOf } from "../policy/provider-facts.js";
import { matchModelPattern } from "../catalog/model-patterns.js";
export function maskOf(candidates, words, test) {
    const mask = new Uint32Array(words);
    for (let index = 0; index < candidates.length; index++) {
        if (test(candidates[index]))
            mask[index >>> 5] |= 1 << (index & 31);
    }
    return mask;
}
/** Positions `0..size-1` sorted by `compare`, ties by position. */
export function sortedPositions(size, compare) {
    return Int32Array.from({ length: size }, (_, index) => index).sort((a, b) => compare(a, b) || a - b);
}
function createGroup(name, candidates) {
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
        byInputPrice: sortedPositions(size, (a, b) => candidates[a].inputPrice - candidates[b].inputPrice),
        byOutputPrice: sortedPositions(size, (a, b) => candidates[a].outputPrice - candidates[b].outputPrice),
        byQuality: sortedPositions(size, (a, b) => candidates[b].quality - candidates[a].quality),
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
function exportCountriesOf(model, expand) {
    if (!model.exportControlled)
        return undefined;
    const countries = new Set();
    for (const group of model.exportGroups) {
        try {
            for (const country of expand(group))
                countries.add(country);
        }
        catch {
            // An unknown export group admits nobody: fail closed.
        }
    }
    return countries;
}
/**
 * Indexes the catalog once: every enabled provider/model pair becomes a candidate, grouped by model name and
 * alias, plus `auto` (all chat models, unless a model is itself called `auto`).
 */
export function buildCandidateIndex(catalog, expandJurisdiction, stats, transportOf) {
    const providers = catalog.providers.filter((provider) => provider.enabled);
    const pairs = [];
    providers.forEach((provider, providerSlot) => {
        for (const model of provider.models)
            pairs.push({ provider, model, providerSlot });
    });
    pairs.sort((a, b) => compareText(a.provider.id, b.provider.id) || compareText(a.model.name, b.model.name));
    const factsByProvider = new Map(providers.map((provider) => [provider, providerFactsOf(provider, transportOf)]));
    const candidates = pairs.map(({ provider, model, providerSlot }, order) => ({
        order,
        providerId: provider.id,
        providerSlot,
        model: model.name,
        upstreamModel: model.upstreamName ?? model.name,
        tier: provider.tier,
        jurisdiction: provider.jurisdiction,
        facts: factsByProvider.get(provider),
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
    const byName = new Map();
    const add = (name, candidate) => {
        const list = byName.get(name);
        if (list === undefined)
            byName.set(name, [candidate]);
        else if (list.at(-1) !== candidate)
            list.push(candidate);
    };
    candidates.forEach((candidate, order) => {
        const model = pairs[order].model;
        add(model.name, candidate);
        for (const alias of model.aliases)
            add(alias, candidate);
    });
    if (!byName.has('auto')) {
        const chat = candidates.filter((candidate) => candidate.chat);
        if (chat.length > 0)
            byName.set('auto', chat);
    }
    const groups = new Map();
    for (const [name, list] of byName)
        groups.set(name, createGroup(name, list));
    // Names served through a model's patterns, cached up to a bound (clients may send any name).
    const patterned = new Map();
    const patternGroup = (name) => {
        const cached = patterned.get(name);
        if (cached !== undefined)
            return cached;
        // Chat and embedding models alike: the route stage keeps those made for the request's endpoint.
        const list = candidates.filter((candidate, order) => matchModelPattern(pairs[order].model, name) !== undefined);
        if (list.length === 0)
            return undefined;
        if (patterned.size >= 1024)
            patterned.clear();
        const group = createGroup(name, list);
        patterned.set(name, group);
        return group;
    };
    const pinned = new Map();
    const pinnedGroup = (name) => {
        if (pinned.has(name))
            return pinned.get(name);
        const slash = name.indexOf('/');
        const providerId = name.slice(0, slash);
        const modelName = name.slice(slash + 1);
        const list = candidates.filter((candidate, order) => candidate.providerId === providerId
            && (candidate.model === modelName || pairs[order].model.aliases.includes(modelName)));
        const group = list.length === 0 ? undefined : createGroup(name, list);
        // Only names that exist are cached, so unknown names cannot grow the cache.
        if (group !== undefined)
            pinned.set(name, group);
        return group;
    };
    return {
        candidates,
        providerCount: providers.length,
        group: (name) => groups.get(name) ?? (name.includes('/') ? pinnedGroup(name) : undefined) ?? patternGroup(name),
        names: () => [...groups.keys()].sort(compareText),
        forgetConstraintMasks: () => {
            for (const group of [...groups.values(), ...pinned.values()]) {
                if (group === undefined)
                    continue;
                group.constraintMasks = new WeakMap();
                group.combinedMasks.clear();
            }
        },
    };
}
function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
//# sourceMappingURL=candidate-index.js.map