import { matchModelPattern } from "../core/catalog/model-patterns.js";
import { detectFindings } from "../core/profile/detect-findings.js";
/** The longest model name a pattern may pass on (real names are far shorter). */
const maxPatternNameLength = 256;
/**
 * Whether a name carries what the profile detectors find (personal data, a credential, a classification marking),
 * alone or after any separator (`claude-sk-...`: the detectors want a value to start a word, a model name joins
 * its words with `-`).
 */
function carriesData(name) {
    for (let start = 0; start < name.length; start++) {
        if (start > 0 && /[A-Za-z0-9]/.test(name[start - 1]))
            continue;
        if (detectFindings(name.slice(start)).length > 0)
            return true;
    }
    return false;
}
export function createCatalogIndex(entries) {
    const chat = new Map();
    const embedding = new Map();
    const add = (map, name, entry) => {
        const list = map.get(name);
        if (list)
            list.push(entry);
        else
            map.set(name, [entry]);
    };
    const known = { chat: new Set(), embeddings: new Set() };
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
    const servedByPattern = (name) => patterned.length === 0 || name.length > maxPatternNameLength || carriesData(name) ? [] : patterned.filter((entry) => matchModelPattern(entry.model, name) !== undefined);
    const served = (id, list) => (list.length === 0 ? undefined : { id, providers: [...new Set(list.map((entry) => entry.provider.id))] });
    return {
        entries,
        knowsModel: (endpoint, name) => known[endpoint].has(name) || servedByPattern(name).some((entry) => entry.model.capabilities.embeddings === (endpoint === 'embeddings')),
        publicModels() {
            const models = [];
            for (const map of [chat, embedding]) {
                for (const [id, list] of map)
                    models.push({ id, providers: [...new Set(list.map((entry) => entry.provider.id))] });
            }
            return models;
        },
        findModel(id) {
            const named = chat.get(id) ?? embedding.get(id);
            if (named)
                return served(id, named);
            const slash = id.indexOf('/');
            if (slash > 0) {
                const [providerId, name] = [id.slice(0, slash), id.slice(slash + 1)];
                const pinned = entries.filter((entry) => entry.provider.id === providerId && (entry.model.name === name || entry.model.aliases.includes(name)));
                if (pinned.length > 0)
                    return served(id, pinned);
            }
            return served(id, servedByPattern(id));
        },
    };
}
//# sourceMappingURL=catalog-index.js.map